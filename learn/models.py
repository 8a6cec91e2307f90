"""Every table Leerpad has, imported in one place so Alembic sees the whole schema."""

from .assessment.models import QuizAttempt  # noqa: F401
from .auth.models import User  # noqa: F401
from .certificates.models import Certificate  # noqa: F401
from .evaluation.models import (
    EvaluationComment,
    EvaluationDraft,
    EvaluationResponse,
    EvaluationSubmission,
    EvaluationTally,
)  # noqa: F401
from .player.models import Enrolment, ReflectionAnswer, StepState  # noqa: F401
