"""encmap-embed: embeds the canonical sentence set with a sentence encoder and writes what encmap reads.

For every model it writes `<org>__<name>.npy` (float32, C order, shape (n, d): row i is the encoder's
embedding of sentence i), `<org>__<name>.embed.json` (how the file was made) and one row of
`attributes.csv` (the model's metadata, for colouring encmap's map). encmap itself never imports this
package; it only reads the files.
"""

__version__ = "0.1.0"
