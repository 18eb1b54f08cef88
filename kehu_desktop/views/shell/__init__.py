"""The frame: start-up, first run, sign-in, the main window that holds every area's screen."""
