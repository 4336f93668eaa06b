"""The sentence file: the canonical set and its prefixes are accepted, anything else refused."""

import hashlib
import unittest

from encmap_embed import sentences
from encmap_embed.errors import EmbedError

from .support import CANONICAL, TempDir


class Canonical(TempDir):
    def test_the_constant_is_the_shipped_files_sha256(self):
        with open(CANONICAL, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), sentences.CANONICAL_SHA256)
        s = sentences.load(CANONICAL, None, False)
        self.assertEqual((s.canonical, len(s.sentences), s.file_lines), ("whole", 10000, 10000))

    def test_n_keeps_the_first_lines(self):
        s = sentences.load(CANONICAL, 400, False)
        with open(CANONICAL, encoding="utf-8") as f:
            first = [next(f).rstrip("\n") for _ in range(400)]
        self.assertEqual(s.sentences, first)
        self.assertEqual(s.used_sha256, hashlib.sha256("".join(x + "\n" for x in first).encode()).hexdigest())

    def test_a_prefix_is_accepted_with_or_without_the_last_newline(self):
        for newline in (True, False):
            path = self.prefix_file(400, newline=newline)
            s = sentences.load(path, None, False)
            self.assertEqual((s.canonical, len(s.sentences)), ("prefix", 400))
            self.assertEqual(s.used_sha256, sentences.load(CANONICAL, 400, False).used_sha256)

    def test_other_files_are_refused_unless_any_sentences(self):
        cut = self.prefix_file(400, "cut.txt", newline=False)
        with open(cut, "rb+") as f:  # cut in the middle of line 400
            f.truncate(len(f.read()) - 3)
        changed = self.prefix_file(400, "changed.txt")
        with open(changed, "r+", encoding="utf-8") as f:
            text = f.read()
            f.seek(0)
            f.write(text.replace("the", "The", 1))
        shuffled = self.prefix_file(400, "shuffled.txt")
        with open(shuffled, encoding="utf-8") as f:
            lines = f.read().splitlines()
        with open(shuffled, "w", encoding="utf-8") as f:
            f.write("\n".join(lines[1:] + lines[:1]) + "\n")
        for path in (cut, changed, shuffled):
            with self.assertRaises(EmbedError) as c:
                sentences.load(path, None, False)
            message = str(c.exception)
            self.assertIn("is not the canonical set", message)
            self.assertIn("--any-sentences", message)
            self.assertNotIn("\n", message)
            self.assertIsNone(sentences.load(path, None, True).canonical)

    def test_a_prefix_cannot_be_checked_without_the_canonical_file(self):
        path = self.prefix_file(400)
        with self.assertRaises(EmbedError) as c:
            sentences.load(path, None, False, canonical_path=self.path("absent.txt"))
        self.assertIn("is not at", str(c.exception))

    def test_malformed_files_are_refused_even_with_any_sentences(self):
        cases = {b"one\n\nthree\n": ("bad.txt:2", "empty line"), b"one\r\ntwo\r\n": ("bad.txt:1", "carriage return"),
                 b"ok\n\xff\xfe\n": ("bad.txt:2", "UTF-8"), b"": ("bad.txt", "no sentences")}
        for data, (where, what) in cases.items():
            path = self.path("bad.txt")
            with open(path, "wb") as f:
                f.write(data)
            with self.assertRaises(EmbedError) as c:
                sentences.load(path, None, True)
            self.assertTrue(str(c.exception).startswith(self.path(where.split(":")[0])), str(c.exception))
            self.assertIn(where.split("bad.txt")[1] + ":", str(c.exception)[len(self.tmp):] + ":")
            self.assertIn(what, str(c.exception))

    def test_n_above_the_file_is_refused(self):
        with self.assertRaises(EmbedError) as c:
            sentences.load(self.prefix_file(10), 11, False)
        self.assertIn("more sentences than the file's 10", str(c.exception))

    def test_a_missing_file(self):
        with self.assertRaises(EmbedError) as c:
            sentences.load(self.path("nope.txt"), None, False)
        self.assertIn("cannot read the sentence file", str(c.exception))


if __name__ == "__main__":
    unittest.main()
