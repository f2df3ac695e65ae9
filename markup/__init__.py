"""HTML to plain text, the one implementation shared by the parsers and the normalizers
(`markup.html_text`), and the one cleanup of text UTF-8 cannot hold (`markup.unicode_text`);
a leaf at the bottom that every layer may import.

May import: the standard library and polars; nothing of the project.
"""

from markup.html_text import PLAIN, READABLE, TextStyle, html_to_text, text_of
from markup.unicode_text import valid_key, valid_text

__all__ = [
    "PLAIN",
    "READABLE",
    "TextStyle",
    "html_to_text",
    "text_of",
    "valid_key",
    "valid_text",
]
