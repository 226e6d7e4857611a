import Foundation

/// How names of departments, units and projects are matched and shown.
///
/// Names arrive from PDFs and scans with compatibility characters (Kangxi radicals such as `⽬` for `目`,
/// full-width brackets and digits), stray spaces and bracket variants. Two names are the same when their
/// ``matchKey(_:)`` is equal; a name is shown by ``displayName(_:)``, which keeps it as written except for
/// compatibility ideographs, which become the standard characters.
public enum NameKey {
    /// The comparison form of a name: NFKC (plus the CJK Radicals Supplement, which NFKC leaves alone, mapped
    /// to their ideographs by ``RadicalEquivalents``), then whitespace removed, bracket variants (`【】〔〕［］[]｛｝{}`)
    /// folded to `()`, dash variants folded to `-`, and Latin letters lower-cased.
    /// `"世贸事务管理 - 贸易摩擦应对事务（2020）"` and `"世贸事务管理-贸易摩擦应对事务(2020)"` share a key.
    public static func matchKey(_ name: String) -> String {
        let normalized = name.precomposedStringWithCompatibilityMapping
        var key = String.UnicodeScalarView()
        for scalar in normalized.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value == 0x200B || scalar.value == 0xFEFF { continue }
            if let ideograph = RadicalEquivalents.table[scalar.value], let mapped = Unicode.Scalar(ideograph) {
                key.append(mapped)
                continue
            }
            switch scalar {
            case "【", "〔", "[", "{", "〖", "「", "『": key.append("(")
            case "】", "〕", "]", "}", "〗", "」", "』": key.append(")")
            case "—", "–", "－", "‐", "‑", "−", "―", "─": key.append("-")
            default:
                if scalar.isASCII, ("A"..."Z").contains(scalar) {
                    key.append(Unicode.Scalar(scalar.value + 32)!)
                } else {
                    key.append(scalar)
                }
            }
        }
        return String(key)
    }

    /// The name as written, trimmed, with runs of whitespace collapsed to one space and CJK compatibility
    /// characters (Kangxi radicals U+2F00–U+2FDF and compatibility ideographs U+F900–U+FAFF by NFKC; the CJK
    /// Radicals Supplement U+2E80–U+2EFF by ``RadicalEquivalents``) replaced by their standard ideographs.
    /// Full-width punctuation is kept.
    public static func displayName(_ name: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in name.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" "); pendingSpace = false }
            if let ideograph = RadicalEquivalents.table[scalar.value], let mapped = Unicode.Scalar(ideograph) {
                result.append(mapped)
                continue
            }
            switch scalar.value {
            case 0x2F00...0x2FDF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
                result.append(contentsOf: String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars)
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }
}
