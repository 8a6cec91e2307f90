"""imsmanifest.xml for SCORM 1.2 and SCORM 2004 4th edition: one organization, one item, one SCO.

Every file of the package is listed: the SCO's files under its resource, the
control files (schemas) under a separate asset resource. Identifiers derive
from the module id and version only, so they are stable per module version.
"""

import re

from lxml import etree

from learn.content.model import Module

from .standards import Standard, lms_token, pass_mark

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LAUNCH = "index.html"
# The package navigates itself: the LMS's previous/continue bar does nothing useful under one SCO, and
# exit/abandon would end the attempt. exitAll and suspendAll stay: the learner's way out of the LMS player.
HIDDEN_LMS_UI = ("previous", "continue", "exit", "abandon")

NAMESPACES = {
    "1.2": {
        None: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
        "xsi": XSI,
    },
    "2004": {
        None: "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
        "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
        "xsi": XSI,
    },
}
SCHEMA_LOCATIONS = {
    "1.2": [("", "imscp_rootv1p1p2.xsd"), ("imsmd", "imsmd_rootv1p2p1.xsd"), ("adlcp", "adlcp_rootv1p2.xsd")],
    "2004": [
        ("", "imscp_v1p1.xsd"),
        ("adlcp", "adlcp_v1p3.xsd"),
        ("adlseq", "adlseq_v1p3.xsd"),
        ("adlnav", "adlnav_v1p3.xsd"),
        ("imsss", "imsss_v1p0.xsd"),
    ],
}


def identifier_base(module: Module) -> str:
    """An xsd:ID-safe name for this module version, e.g. ``leerpad-kennismaking-1.0``."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", f"leerpad-{module.id}-{module.version}")


def build(module: Module, standard: Standard, files: dict[str, bytes]) -> bytes:
    ns = NAMESPACES[standard.key]
    schema_names = {p.name for p in standard.schema_files}
    sco_files = sorted(name for name in files if name not in schema_names and name != "imsmanifest.xml")
    base = identifier_base(module)

    def q(prefix, name):
        return f"{{{ns[prefix]}}}{name}"

    locations = " ".join(f"{ns[prefix or None]} {xsd}" for prefix, xsd in SCHEMA_LOCATIONS[standard.key])
    root = etree.Element(q(None, "manifest"), nsmap=ns)
    root.set("identifier", f"{base}-{standard.slug}")
    root.set("version", module.version)
    root.set(f"{{{XSI}}}schemaLocation", locations)

    metadata = etree.SubElement(root, q(None, "metadata"))
    etree.SubElement(metadata, q(None, "schema")).text = "ADL SCORM"
    etree.SubElement(metadata, q(None, "schemaversion")).text = "1.2" if standard.key == "1.2" else "2004 4th Edition"
    if standard.key == "1.2":
        _lom(metadata, module, ns)
    else:
        root.set(XML_LANG, module.language or "nl")

    organizations = etree.SubElement(root, q(None, "organizations"), default=f"ORG-{base}")
    organization = etree.SubElement(organizations, q(None, "organization"), identifier=f"ORG-{base}")
    if standard.key == "2004":
        organization.set(q("adlseq", "objectivesGlobalToSystem"), "false")
    etree.SubElement(organization, q(None, "title")).text = module.title
    item = etree.SubElement(organization, q(None, "item"), identifier=f"ITEM-{base}", identifierref=f"RES-{base}")
    item.set("isvisible", "true")
    etree.SubElement(item, q(None, "title")).text = module.title
    mark = pass_mark(module)
    if standard.key == "1.2":
        if mark is not None:
            etree.SubElement(item, q("adlcp", "masteryscore")).text = str(mark)
    else:
        _sequencing(item, q, objective_id(module), mark)
        _presentation(item, q)

    resources = etree.SubElement(root, q(None, "resources"))
    sco = etree.SubElement(resources, q(None, "resource"), identifier=f"RES-{base}", type="webcontent", href=LAUNCH)
    sco.set(q("adlcp", "scormtype" if standard.key == "1.2" else "scormType"), "sco")
    for name in sco_files:
        etree.SubElement(sco, q(None, "file"), href=name)
    schemas = etree.SubElement(resources, q(None, "resource"), identifier=f"RES-{base}-schemas", type="webcontent")
    schemas.set(q("adlcp", "scormtype" if standard.key == "1.2" else "scormType"), "asset")
    for name in sorted(schema_names):
        etree.SubElement(schemas, q(None, "file"), href=name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _lom(metadata, module: Module, ns) -> None:
    """IEEE LOM (IMS metadata 1.2.1) for SCORM 1.2: title, language, description and version."""

    def md(parent, name, **attrs):
        return etree.SubElement(parent, f"{{{ns['imsmd']}}}{name}", **attrs)

    def langstring(parent, text):
        element = md(parent, "langstring")
        element.set(XML_LANG, module.language or "nl")
        element.text = text

    lom = md(metadata, "lom")
    general = md(lom, "general")
    langstring(md(general, "title"), module.title)
    md(general, "language").text = module.language or "nl"
    langstring(md(general, "description"), module.summary)
    lifecycle = md(lom, "lifecycle")
    langstring(md(lifecycle, "version"), module.version)


def objective_id(module: Module) -> str:
    """The primary objective's id, which the LMS hands the SCO as cmi.objectives.0.id: a form every runtime accepts."""
    return f"leerpad.{lms_token(module.id)}.{re.sub(r'[^A-Za-z0-9_.]', '_', module.version)}"


def _sequencing(item, q, objective: str, mark: int | None) -> None:
    """The content sets completion and success itself; success means score.scaled >= the pass mark
    (the LMS's cmi.scaled_passing_score), so the package writes score.scaled once the outcome is decided."""
    sequencing = etree.SubElement(item, q("imsss", "sequencing"))
    objectives = etree.SubElement(sequencing, q("imsss", "objectives"))
    primary = etree.SubElement(objectives, q("imsss", "primaryObjective"), objectiveID=objective)
    if mark is not None:
        primary.set("satisfiedByMeasure", "true")
        etree.SubElement(primary, q("imsss", "minNormalizedMeasure")).text = _decimal(mark / 100)
    etree.SubElement(
        sequencing, q("imsss", "deliveryControls"), completionSetByContent="true", objectiveSetByContent="true"
    )


def _presentation(item, q) -> None:
    interface = etree.SubElement(
        etree.SubElement(item, q("adlnav", "presentation")), q("adlnav", "navigationInterface")
    )
    for control in HIDDEN_LMS_UI:
        etree.SubElement(interface, q("adlnav", "hideLMSUI")).text = control


def _decimal(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
