"""The one error shape of encmap-embed: `<where>: <what>; <what to do>`, always one line."""


def one_line(text: str) -> str:
    """Escapes line breaks that come from input (a file name, a model card) so a message stays one line."""
    return str(text).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\u2028", "\\u2028")


class EmbedError(Exception):
    """A refusal or failure the user can act on. `str()` is the one line shown."""

    def __init__(self, where: str, what: str, remedy: str = ""):
        self.where, self.what, self.remedy = where, what, remedy
        text = f"{one_line(where)}: {one_line(what)}"
        if remedy:
            text += f"; {one_line(remedy)}"
        super().__init__(text)


class UsageError(Exception):
    """Bad usage (exit status 2): the message is one line; the usage follows it."""
