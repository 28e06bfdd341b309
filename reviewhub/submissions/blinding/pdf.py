"""PDFs: a new file made of the pages alone (no document information, catalog, bookmarks, form,
name trees or document ID are carried over), cleaned object by object: metadata streams on
any object (pages, images, fonts), private application data, every annotation but internal
links (comments with their authors and contents, form widgets with their values, file
attachments, multimedia), and every action that runs or reaches out (JavaScript, /Launch,
/URI, /SubmitForm, links to other files, additional actions). JPEG images inside lose their
EXIF like uploaded photos do. Objects nothing references any more are not written at all."""

from pathlib import Path

from reviewhub.submissions.blinding.common import Blinded, CannotBlind, listing

# Keys dropped from any dictionary, with what the author is told.
DROPPED_KEYS = {
    "/Metadata": "XMP metadata", "/PieceInfo": "private application data", "/AA": "automatic actions",
    "/JS": "JavaScript", "/OpenAction": "an action run on opening", "/EF": "embedded files",
    "/EmbeddedFiles": "embedded files", "/AcroForm": "form fields and their values",
    "/PA": "links to outside addresses (/URI)",
}
# Actions (by /S) that run code, open programs or files, send data or reach the network.
ACTIONS = {
    "/JavaScript": "JavaScript", "/Launch": "actions that start programs (/Launch)",
    "/URI": "links to outside addresses (/URI)", "/SubmitForm": "form submissions (/SubmitForm)",
    "/ImportData": "form actions", "/ResetForm": "form actions", "/Hide": "form actions",
    "/GoToR": "links to other files", "/GoToE": "links to other files", "/Thread": "links to other files",
    "/Rendition": "multimedia", "/Sound": "multimedia", "/Movie": "multimedia",
    "/RichMediaExecute": "multimedia",
}
ANNOTATIONS = {
    "/Widget": "form fields and their values", "/FileAttachment": "embedded files",
    "/Screen": "multimedia", "/Movie": "multimedia", "/Sound": "multimedia", "/RichMedia": "multimedia",
    "/3D": "multimedia",
}
COMMENTS = "comments and annotations (with their authors and contents)"
# What a document keeps outside its pages, none of which the copy carries over.
CATALOG = {
    "/Metadata": "XMP metadata", "/OpenAction": "an action run on opening", "/AA": "automatic actions",
    "/AcroForm": "form fields and their values", "/Outlines": "bookmarks",
    "/PieceInfo": "private application data", "/SpiderInfo": "private application data",
    "/Perms": "private application data", "/Collection": "embedded files", "/URI": "links to outside addresses (/URI)",
}
NAME_TREES = {"/JavaScript": "JavaScript", "/EmbeddedFiles": "embedded files"}


def clean_pdf(source: Path, target: Path, *, reader=None) -> Blinded:
    """`reader`: the pypdf reader the upload check already opened on `source` (one parse;
    its file must stay open until this returns)."""
    from reviewhub.submissions import pdftools

    if reader is not None:
        return _clean(reader, target)
    try:
        with open(source, "rb") as handle:
            return _clean(pdftools.open_reader(handle), target)
    except pdftools.UnreadablePdf as error:
        raise CannotBlind(str(error).rstrip(".").lower()) from error


def _clean(reader, target: Path) -> Blinded:
    from pypdf import PdfWriter

    try:
        removed: dict[str, set] = {}
        _note_document(reader, removed)
        writer = PdfWriter()
        for page in reader.pages:  # copies what the pages reference, nothing of the catalog
            writer.add_page(page)
        writer._info = None  # no document information dictionary, not even a /Producer
        writer.generate_file_identifiers()  # a random ID, not the one the author's tool made
        reachable = _clean_reachable(writer, removed)
        for index in range(len(writer._objects)):
            if index + 1 not in reachable:
                writer._objects[index] = None  # e.g. a removed comment's popup: not written
        with open(target, "wb") as out:
            writer.write(out)
    except CannotBlind:
        raise
    except Exception as error:  # pypdf raises many kinds on malformed input
        raise CannotBlind("the PDF cannot be rewritten; export it again and upload it anew") from error
    return Blinded(tuple(listing(label, names) for label, names in sorted(removed.items())))


def _note_document(reader, removed: dict[str, set]) -> None:
    """What the document holds outside its pages (none of it is copied): said to the author."""
    info = reader.trailer.get("/Info")
    info = info.get_object() if info is not None else None
    if info:
        removed.setdefault("document information", set()).update(str(k).lstrip("/") for k in info)
    if reader.trailer.get("/ID") is not None:
        removed.setdefault("the document ID", set())
    root = reader.trailer["/Root"].get_object()
    for key, label in CATALOG.items():
        if key in root:
            removed.setdefault(label, set())
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    for key, label in NAME_TREES.items():
        if key in names:
            removed.setdefault(label, set())


def _clean_reachable(writer, removed: dict[str, set]) -> set[int]:
    """Walk every object reachable from the new catalog, cleaning each dictionary before its
    children are visited (so what it drops is never reached); returns the reachable ids."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[int] = set()
    stack = [writer._root_object.indirect_reference]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            _clean_dictionary(item, removed)
            stack.extend(item.raw_get(key) for key in item)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return seen


def _clean_dictionary(obj, removed: dict[str, set]) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    for key in list(obj):
        value = obj[key]
        if key in DROPPED_KEYS:
            del obj[key]
            removed.setdefault(DROPPED_KEYS[key], set())
        elif isinstance(value, DictionaryObject) and value.get("/S") in ACTIONS:
            del obj[key]  # an action (/A, /Next, ...) that runs or reaches out
            removed.setdefault(ACTIONS[value["/S"]], set())
    if obj.get("/Type") == "/Filespec" and ("/EF" in obj or "/RF" in obj):
        removed.setdefault("embedded files", set())
    annotations = obj.get("/Annots")
    if isinstance(annotations, ArrayObject):
        kept = ArrayObject(a for a in annotations if _keep_annotation(a.get_object(), removed))
        if kept:
            obj[NameObject("/Annots")] = kept
        else:
            del obj[NameObject("/Annots")]
    if obj.get("/Subtype") == "/Link":
        for key in ("/T", "/Contents", "/RC", "/NM"):
            obj.pop(NameObject(key), None)
    _clean_jpeg_stream(obj, removed)


def _keep_annotation(annotation, removed: dict[str, set]) -> bool:
    """Internal links stay (their actions are cleaned with the rest); everything else goes."""
    subtype = annotation.get("/Subtype") if hasattr(annotation, "get") else None
    if subtype == "/Link":
        action = annotation.get("/A")
        if action is None or action.get("/S") not in ACTIONS:
            return True
        removed.setdefault(ACTIONS[action["/S"]], set())
        return False
    removed.setdefault(ANNOTATIONS.get(subtype, COMMENTS), set())
    return False


def _clean_jpeg_stream(obj, removed: dict[str, set]) -> None:
    from pypdf.generic import StreamObject

    from reviewhub.submissions.blinding.images import strip_jpeg

    if not isinstance(obj, StreamObject) or obj.get("/Subtype") != "/Image":
        return
    filters = obj.get("/Filter")
    if filters != "/DCTDecode" and not (isinstance(filters, list) and list(filters) == ["/DCTDecode"]):
        return
    try:
        data, found = strip_jpeg(obj._data)
    except CannotBlind as error:
        raise CannotBlind("an image inside the PDF is damaged; export the PDF again") from error
    if found:
        obj._data = data  # the stream's /Length is written from the data
        for label, names in found.items():
            removed.setdefault(f"{label} of images", set()).update(names)
