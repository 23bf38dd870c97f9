"""ggutils: green-growth target tracking for Vietnamese provinces."""

__version__ = "0.1.0"
