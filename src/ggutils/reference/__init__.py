"""Stage 0, the facts every later stage reads, each loaded by a loader with a declared schema
that names the file, the entry and the field of an error.

The modules: `validation` (the schema helpers: strict models, YAML reading, unique ids),
`indicators` (the codebook: indicators, units, families, verdict meanings), `provinces`
(the register of entities and their aliases, `ENTITY_TYPES`), `reorganisations` (the 2025
arrangement of the provinces: acts, successors), `agencies` (the agency glossary), `messages`
(every label a page prints, in vi and en), `reading` (how a decision's words read as a
target), `targets` (the plans' catalogs as models, and the targets table), `catalogs` (each
catalog loaded and checked, `Reference`), `sources` (the registry of raw files). Adding a
plan: `scaffold` (`ggutils new-plan`) and `draft` (`--from`, a draft catalog from a
decision's text).
"""
