"""Settings modules: `development` (the default, with embedded defaults), `production` and `test`."""
