"""Development tools: pages that exist only in development and test, or where personas are switched on."""
