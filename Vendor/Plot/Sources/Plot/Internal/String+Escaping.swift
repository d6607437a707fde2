/**
*  Plot
*  Copyright (c) John Sundell 2019
*  MIT license, see LICENSE file for details
*/

internal extension String {
    func escaped() -> String {
        // Bluelamp: text with no `<`, `>` or `&` is written as it is (the loop below would give back the same
        // characters one new string at a time), found with one pass over its bytes.
        guard utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") })
        else { return self }
        var pendingAmpersandString: String?

        func flushPendingAmpersandString(
            withSuffix suffix: String? = nil,
            resettingTo newValue: String? = nil
        ) -> String {
            let pending = pendingAmpersandString
            pendingAmpersandString = newValue
            return pending.map { "&amp;\($0)\(suffix ?? "")" } ?? suffix ?? ""
        }

        return String(flatMap { character -> String in
            switch character {
            case "<":
                return flushPendingAmpersandString(withSuffix: "&lt;")
            case ">":
                return flushPendingAmpersandString(withSuffix: "&gt;")
            case "&":
                return flushPendingAmpersandString(resettingTo: "")
            case ";":
                let pending = pendingAmpersandString.map { "&\($0);" }
                pendingAmpersandString = nil
                return pending ?? ";"
            case "#" where pendingAmpersandString?.isEmpty == true:
                pendingAmpersandString = "#"
                return ""
            default:
                if let pending = pendingAmpersandString {
                    guard character.isLetter || character.isNumber else {
                        return flushPendingAmpersandString(withSuffix: String(character))
                    }

                    pendingAmpersandString = "\(pending)\(character)"
                    return ""
                }

                return "\(character)"
            }
        }) + flushPendingAmpersandString()
    }
}

internal extension String {
    /// The string as a double-quoted attribute value: `"` becomes `&quot;`, and `<` and `>` their references, so the
    /// value can neither end the attribute nor be read as a tag. `&` is kept: values already holding character
    /// references (such as `&amp;` in a query string written by hand) keep their meaning.
    func escapedForAttribute() -> String {
        guard contains(where: { $0 == "\"" || $0 == "<" || $0 == ">" }) else { return self }
        var result = ""
        result.reserveCapacity(count + 16)
        for character in self {
            switch character {
            case "\"": result += "&quot;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}
