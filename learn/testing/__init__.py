"""Loopback helpers that the test suite and the bench share: real servers on 127.0.0.1
(gunicorn as production runs it, a PostgreSQL and a Redis server of their own), bounded waits,
the step form as a hurried learner fills it in, and a small LTI platform (an LMS). Nothing of the
app's state: both sides import it by name, so neither reaches into the other.
"""
