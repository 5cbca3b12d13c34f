"""Real pictures and office files made on the spot, for the tests of what the site publishes.

Each maker returns the bytes of a file that the program it imitates would accept:
a JPEG from a phone with GPS position, device and orientation in its EXIF and an
XMP packet; a PNG whose few kilobytes decode to a billion pixels; a minimal but
complete PDF, DOCX, XLSX and OFD.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from struct import pack

from PIL import Image

#: EXIF tags (TIFF numbers) a phone writes and a published picture must not carry.
MAKE, MODEL, ORIENTATION, ARTIST, GPS_IFD = 0x010F, 0x0110, 0x0112, 0x013B, 0x8825
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="30,07.5N"/></rdf:RDF></x:xmpmeta>'
)


def photo(width: int = 2400, height: int = 1800, *, orientation: int = 1, seed: int = 0) -> bytes:
    """A phone photo: JPEG with GPS (资阳, 30.12°N 104.65°E), make, model, owner,
    ``orientation`` in its EXIF and an XMP packet that repeats the position.

    The picture is a left-to-right, top-to-bottom gradient with a red block in its
    top-left corner, so a test can tell where "up" went.
    """
    down = Image.linear_gradient("L")
    across = down.transpose(Image.Transpose.ROTATE_90)
    channels = (across.resize((width, height)), down.resize((width, height)))
    picture = Image.merge("RGB", (*channels, Image.new("L", (width, height), seed * 37 % 256)))
    picture.paste((220, 20, 20), (0, 0, width // 4, height // 4))
    exif = Image.Exif()
    exif[MAKE] = "HUAWEI"
    exif[MODEL] = "Mate 60 Pro"
    exif[ARTIST] = "张三"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (30.0, 7.0, 12.0), 3: "E", 4: (104.0, 39.0, 0.0), 0x1D: "2022:09:16"}
    )
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif.tobytes(), xmp=XMP)
    return out.getvalue()


def png(width: int = 64, height: int = 48, *, alpha: bool = False) -> bytes:
    picture = Image.new("RGBA" if alpha else "RGB", (width, height), (30, 90, 160, 128))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def bomb_png(side: int = 40_000) -> bytes:
    """A real decompression bomb: a 1-bit PNG of ``side``×``side`` pixels (1.6 billion by
    default) whose zeros compress to about 200 KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + side // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def pdf(text: str = "Registration form") -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2022, 9, 1, 0, 0, 0)), text)
    return out.getvalue()


_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="{target}"/></Relationships>'
)


def docx(text: str = "“政府开放日”活动报名表", *, macros: bool = False) -> bytes:
    """A Word document of one paragraph (with ``macros``: declared macro-enabled, as a .docm)."""
    main = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if macros
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
            'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override '
            f'PartName="/word/document.xml" ContentType="{main}"/></Types>',
            "_rels/.rels": _RELS.format(target="word/document.xml"),
            "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http:'
            '//schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f"{text}</w:t></w:r></w:p></w:body></w:document>",
        }
    )


def xlsx() -> bytes:
    """An Excel workbook of one sheet, written by openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "联系电话", "参加场次"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ofd() -> bytes:
    """An OFD package (GB/T 33190): its entry file OFD.xml and one document."""
    return _zip(
        {
            "OFD.xml": '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec'
            '.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
            "</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
            "Doc_0/Document.xml": '<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd='
            '"http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID>'
            "</ofd:CommonData></ofd:Document>",
        }
    )


#: The first sector of an OLE2 compound file (.doc, .xls, .wps): its signature and header.
LEGACY = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 482
)
