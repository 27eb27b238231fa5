"""巡察工作台 (XunCha Workbench): an offline, encrypted workbench for Party inspection teams."""

__version__ = "0.1.0"
APP_NAME = "巡察工作台"
