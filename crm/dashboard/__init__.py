"""The directors' dashboard."""
