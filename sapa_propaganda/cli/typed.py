"""The command line as the clerk meant it: Word's curly quotes and long dashes.

A command copied from a Word document, or typed where Word's AutoCorrect reaches, carries “ ” and
‘ ’ instead of the shell's " and ', and – or — instead of --. The shell does not take Word's quotes
for quotes: `sapa submit “chi bo ta van” 2023-H1` reaches sapa as `“chi`, `bo`, `ta`, `van”`,
`2023-H1`. Here, once, before either front end parses (`__main__.run`, and the Typer app's own
entry for callers that start there):

- a run of words between Word's double quotes (or single ones) becomes the one argument meant,
  without them: `chi bo ta van`;
- `–plan`, `—note`, `—-note` become `--plan`, `--note`, where an option may stand (the value of
  an option stays as typed: `--note —-today` is a note);

each with one line on stderr saying how it was read. A Word double quote that opens and never
closes, or closes and never opened, cannot be read either way: refused, saying so. A word the
shell already kept whole (it holds a space: it was quoted with " or ') is left as it is.

Plain string work only, and nothing at all for a command line of plain ASCII: the fast path pays
for this on every run.
"""

from __future__ import annotations

from . import spec as cli_spec

# Word's double quotes (and the low and reversed ones other languages' AutoCorrect makes), and
# its single quotes; any of a family opens a run at the start of a word and closes it at the end.
DOUBLE = "“”„‟«»"
SINGLE = "‘’‚‛"
# The dashes that stand for "-" or "--" once a word processor has been at them: hyphen,
# non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus, small and fullwidth
# hyphen-minus.
DASHES = "‐‑‒–—―−﹣－"


def tidy(argv: list[str]) -> list[str]:
    """argv as meant, each change said on stderr; a UsageError for a quote that cannot be read.
    Unchanged (the same list) when nothing in it is Word's."""
    if all(word.isascii() for word in argv) or not any(ch in DOUBLE or ch in SINGLE or ch in DASHES
                                                       for word in argv for ch in word):
        return argv
    try:
        fixed, notes = read_as_meant(argv)
    except WordQuote as unmatched:
        _set_language(argv)
        from ..errors import UsageError

        plain = "".join(ch for ch in unmatched.typed if ch not in DOUBLE)
        raise UsageError("cli_word_quote_unmatched", typed=unmatched.typed, plain=plain) from None
    if notes:
        _set_language(fixed)
        _say(notes)
    return fixed


class WordQuote(Exception):
    """A Word double quote without its partner: which words make one argument cannot be told."""

    def __init__(self, typed: str):
        super().__init__(typed)
        self.typed = typed


Note = tuple[str, dict[str, str]]  # a message key and its parameters


def read_as_meant(argv: list[str]) -> tuple[list[str], list[Note]]:
    """Pure: argv with Word's quotes and dashes read as meant, and what was read how."""
    notes: list[Note] = []
    words = _unquote(argv, notes)
    return _undash(words, notes), notes


def _split_value(word: str) -> tuple[str, str]:
    """`--unit=“chi` -> (`--unit=`, `“chi`): the value of an option written with `=` is a word of its own."""
    if word[:1] in ("-", *DASHES) and "=" in word:
        head, _eq, value = word.partition("=")
        return head + "=", value
    return "", word


def _unquote(argv: list[str], notes: list[Note]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        prefix, body = _split_value(word)
        if any(ch.isspace() for ch in word) or not body:
            out.append(word)  # the shell kept it whole: its quotes, if any, are the text's own
            i += 1
            continue
        family = DOUBLE if body[0] in DOUBLE else SINGLE if body[0] in SINGLE else ""
        if not family:
            if body[-1] in DOUBLE:
                raise WordQuote(word)  # a closing quote that nothing opened
            out.append(word)
            i += 1
            continue
        end = _closing(argv, i, body, family)
        if end is None:
            if family == DOUBLE:  # the words it may have meant: up to the next option
                rest = argv[i + 1:]
                upto = next((n for n, w in enumerate(rest) if w.startswith("-")), len(rest))
                raise WordQuote(" ".join([word, *rest[:upto]]))
            out.append(word)  # an apostrophe, most likely: ‘ with no partner is left to be text
            i += 1
            continue
        typed = " ".join(argv[i:end + 1])
        inner = " ".join([body, *argv[i + 1:end + 1]])[1:-1]
        out.append(prefix + inner)
        notes.append(("cli_word_quotes" if family == DOUBLE else "cli_word_single_quotes",
                      {"typed": typed, "value": inner}))
        i = end + 1
    return out


def _closing(argv: list[str], start: int, body: str, family: str) -> int | None:
    """The index of the word that closes the run opened at argv[start]; None if none does."""
    if len(body) > 1 and body[-1] in family:
        return start
    for j in range(start + 1, len(argv)):
        word = argv[j]
        if not word or any(ch.isspace() for ch in word) or word[0] in family:
            return None  # a word the shell kept whole, or another opening: this run never closed
        if word[-1] in family:
            return j
    return None


def _undash(words: list[str], notes: list[Note]) -> list[str]:
    """`–plan` -> `--plan` wherever an option may stand: not as the value of the option before it,
    nor after `--`."""
    known = _option_spellings()
    out: list[str] = []
    value_next = False
    for n, word in enumerate(words):
        if word == "--":
            out.extend(words[n:])
            break
        if value_next:
            value_next = False
            out.append(word)
            continue
        fixed = _as_option(word, known)
        if fixed != word:
            notes.append(("cli_word_dash", {"typed": word, "option": fixed.partition("=")[0]}))
        out.append(fixed)
        opt = known.get(fixed)
        value_next = opt is not None and opt.takes_value
    return out


def _as_option(word: str, known: dict[str, cli_spec.Opt]) -> str:
    """The option a dashed word stands for: `—note` -> `--note`, `–n` -> `-n`; the word itself if
    it has no dash of Word's, or is no option's shape."""
    lead = len(word) - len(word.lstrip("-" + DASHES))
    dashes, rest = word[:lead], word[lead:]
    if not dashes or dashes.isascii():
        return word
    name, eq, value = rest.partition("=")
    if not (name[:1].isascii() and name[:1].isalpha() and name.isascii()
            and all(ch.isalnum() or ch == "-" for ch in name)):
        return word
    long, short = "--" + name, "-" + name
    if long in known or (short not in known and len(name) > 1):
        return long + eq + value
    return short + eq + value


def _option_spellings() -> dict[str, cli_spec.Opt]:
    """Every option of every command, the global ones, help and --version, by spelling."""
    table = cli_spec.option_table(cli_spec.GLOBAL)
    for command in cli_spec.COMMANDS:
        table.update(cli_spec.option_table(command.opts))
    for flag in (*cli_spec.HELP_FLAGS, cli_spec.VERSION_FLAG):
        table.setdefault(flag, cli_spec.Opt("", (flag,), "", kind="flag"))
    return table


def _set_language(argv: list[str]) -> None:
    import os

    from .. import i18n

    i18n.set_language(cli_spec.language_of(argv, os.environ))


def _say(notes: list[Note]) -> None:
    from ..errors import to_stderr
    from ..i18n import tr

    for key, params in notes:
        to_stderr("sapa: " + tr(key, **params))
