// A SCORM package's entry point: the runtime modules both players share (this folder), started
// with the adapter of the package's standard. module-data.js, loaded before, sets LEERPAD_MODULE.
import { installKeyboardShortcuts } from "./keyboard.js";
import { startPackage } from "./sco.js";
import scorm12 from "./scorm12.js";
import scorm2004 from "./scorm2004.js";

const data = window.LEERPAD_MODULE;
startPackage(data, data.standard === "1.2" ? scorm12 : scorm2004, window);
installKeyboardShortcuts(document);
