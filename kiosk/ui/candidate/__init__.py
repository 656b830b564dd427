"""The candidate station: login, briefing, the timed test, the result (``window.run_station``)."""
