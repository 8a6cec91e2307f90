"""Problems found in a module folder, each naming the file, the line and what is wrong."""

from pathlib import Path


class ContentError(Exception):
    """One problem in one file; raised where loading cannot go on, collected where it can."""

    def __init__(self, file: Path, line: int | None, message: str, warning: bool = False):
        super().__init__(message)
        self.file = Path(file)
        self.line = line
        self.message = message
        self.warning = warning  # the module still loads: learn check-modules prints it

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


class ModuleInvalid(Exception):
    """Raised when a module folder cannot be loaded; carries every problem found."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))
