"""kg: a knowledge graph of officials, organizations and events from Chinese government news."""

__version__ = "0.1.0"
