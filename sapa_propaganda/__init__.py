"""sapa: turn a Vietnamese Party plan (Kế hoạch) into tracked duties and reporting deadlines."""

__version__ = "0.1.0"
