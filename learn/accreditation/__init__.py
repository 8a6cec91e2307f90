"""Accreditation integrity: what a module states and what a certificate says must be true.

``learn check-modules`` runs the module checks here on every module (``checks.check_module``):
the honest study time (``studytime``), the quiz-bank lint (``quizbank``) and the draws
and the test-wise learner simulated on the real draw and scoring code (``simulation``).
"""
