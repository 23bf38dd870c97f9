"""Running the stages: `runner` (papermill and the kernel a worker keeps), `stages` (what each
stage reads and writes, and the hashes that let an unchanged stage be skipped), `batch`
(the worker pool, the jobs, `ggutils run`).
"""
