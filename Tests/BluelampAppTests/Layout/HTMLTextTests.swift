import Foundation
import Plot
import Testing

@testable import BluelampApp

/// The fast paths pages take for text and figures they write by the thousand give what the slow ones gave.
@Suite struct HTMLTextTests {
    @Test(arguments: ["", "Central East", "9.1%", "A & B < C > D", "R&D;", "&amp;", "Ærø “q” 🚓 <b>", "&&<<>>"])
    func `text is escaped as HTML text: ampersands and angle brackets, nothing else`(text: String) {
        let expected = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        #expect(HTMLText.escape(text) == expected)
        let node: Node<HTML.BodyContext> = .p(.plain(text))
        #expect(HTML(.body(node)).render().contains("<p>\(expected)</p>"))
    }

    @Test func `an attribute value escapes quotes as well`() {
        #expect(HTMLText.attribute(#"A & "B" <c>"#) == "A &amp; &quot;B&quot; &lt;c&gt;")
        #expect(HTMLText.escape(#""B""#) == #""B""#)
    }

    @Test func `a figure to one decimal place reads as printf writes it`() {
        var values: [Double] = [
            0, -0.0, 0.25, 0.35, 1.05, -0.05, -0.04, 0.049_999_9, 9.1, 9.099_999_999, 99.95, 123_456.7, 1e13, 1e14,
            1e15,
            -3.3, 2.5e-7, .pi, 1.0 / 3.0,
        ]
        // Every tenth, and every hundredth (half of which are ties printf settles by the binary value) up to 100.
        values += (0...1_000).map { Double($0) / 10 } + (0...10_000).map { Double($0) / 100 }
        for value in values {
            #expect(InspectionPart.oneDecimal(value) == String(format: "%.1f", value), "\(value)")
        }
    }
}
