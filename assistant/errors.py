"""Errors a user can act on. Each message names the file or setting and the fix.

    CarechatError
    ├── DocumentError           a file that cannot be ingested (the batch goes on)
    │   ├── UnsupportedFile     extension we do not read
    │   ├── EmptyDocument       zero bytes, or no text left after cleaning
    │   ├── EncryptedDocument   password-protected PDF
    │   ├── CorruptDocument     truncated or unreadable PDF, binary data named .txt
    │   ├── NoTextLayer         scanned PDF without extractable text
    │   ├── PersonalDataFound   a case file or other record about people, not literature
    │   ├── TooLarge            over the configured size limit
    │   └── BadBibliography     a BibTeX or RIS file that cannot be read
    ├── StoreError              the vector store cannot be reached or used
    │   └── StoreBusy           another process holds the data folder's embedded store
    ├── EncoderError            the ONNX encoder cannot be exported or loaded (torch still works)
    ├── EmptyQuestion           nothing to answer
    ├── UnknownDocument         remove/filter named a document that is not in the collection
    ├── PackError               a session pack that does not exist, an item out of range
    ├── UnknownStyle            a reference list asked for in a citation style we do not ship
    ├── BackendError            the chat-model backend is misconfigured or not installed
    ├── TaxonomyError           the evidence map's taxonomy file cannot be read
    └── MissingCredentials      the web app would be reachable off this machine without a login

At the CLI and UI edge these become one line, never a traceback.
"""

from __future__ import annotations


class CarechatError(Exception):
    """Base of every error the assistant raises on purpose."""


class DocumentError(CarechatError):
    """A file that cannot be ingested; the rest of the batch goes on."""


class UnsupportedFile(DocumentError):
    pass


class EmptyDocument(DocumentError):
    pass


class EncryptedDocument(DocumentError):
    pass


class CorruptDocument(DocumentError):
    pass


class NoTextLayer(DocumentError):
    pass


class PersonalDataFound(DocumentError):
    """The file holds personal data (emails, phone or NHS numbers, home addresses...): a case
    file loaded by mistake must not become searchable. The message gives counts per kind, never
    the values (``ingest.personal_data.describe_findings``)."""


class TooLarge(DocumentError):
    pass


class BadBibliography(DocumentError):
    """A BibTeX or RIS file with an entry that does not parse (the message gives its line), or
    with no entries at all (``ingest.bibfiles``)."""


class StoreError(CarechatError):
    pass


class StoreBusy(StoreError):
    """Another process has the data folder's store open embedded; see assistant.index.ownership."""


class EncoderError(CarechatError):
    """The ONNX model could not be exported or loaded; ``encoder.backend = "torch"`` works."""


class EmptyQuestion(CarechatError):
    pass


class UnknownDocument(CarechatError):
    pass


class PackError(CarechatError):
    pass


class UnknownStyle(CarechatError):
    """The message lists the styles there are (``assistant.workspace.references.STYLES``)."""


class BackendError(CarechatError):
    """A backend that cannot be set up (unknown kind, missing model file or package, no key).
    An endpoint that fails while answering is not an error: the extractive answer stands in."""


class TaxonomyError(CarechatError):
    """The taxonomy file (data_dir/taxonomy.toml) is not valid TOML or lacks what the evidence
    map needs; the message names the file and the problem."""


class MissingCredentials(CarechatError):
    """Serving off loopback needs app.username and app.password."""
