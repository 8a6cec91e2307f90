"""Every table Leerpad has, imported in one place so Alembic sees the whole schema."""

from .assessment.models import AttemptGrant, QuizAttempt  # noqa: F401
from .auth.models import SessionRecord, User  # noqa: F401
from .certificates.models import Certificate, RegisterNumber  # noqa: F401
from .jobs.models import Job  # noqa: F401
from .lti.models import (  # noqa: F401
    LtiAccount,
    LtiContext,
    LtiDeployment,
    LtiKey,
    LtiMembership,
    LtiPlatform,
    LtiResourceLink,
    LtiServerState,
)
from .player.models import Enrolment, ReflectionAnswer, StepState  # noqa: F401
from .studytime.models import StepStudyTime  # noqa: F401
