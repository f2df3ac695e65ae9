"""HTML to plain text, the one implementation shared by the parsers and the normalizers
(`markup.html_text`); a leaf at the bottom that every layer may import.

May import: the standard library and polars; nothing of the project.
"""

from markup.html_text import PLAIN, READABLE, TextStyle, html_to_text, text_of

__all__ = ["PLAIN", "READABLE", "TextStyle", "html_to_text", "text_of"]
