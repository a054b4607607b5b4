"""Briefing: a news briefing bot that answers questions about the news it reads."""

__version__ = "0.1.0"
