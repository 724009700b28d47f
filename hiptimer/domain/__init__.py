"""The domain: the session engine, its cues and results, and the history store. No Textual here."""
