import BluelampCore
import Foundation
import Plot
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// What a person types never becomes markup (a reflected cross-site scripting hole found in issue 22's work): Plot
/// 0.14.0 wrote attribute values as given, so a search echoed back in its box closed the attribute and wrote a
/// script into the page. The vendored Plot escapes them (Vendor/README.md).
@Suite struct HTMLEscapingTests {
    static let payload = "\"><script>alert(1)</script>"

    @Test func `an attribute's value cannot close the attribute or open a tag`() {
        let html = Node<HTML.BodyContext>.input(.type(.text), .name("q"), .value(Self.payload)).render()
        #expect(html == #"<input type="text" name="q" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"/>"#)
        // A link keeps its query string's ampersands as they are.
        #expect(Node<HTML.BodyContext>.a(.href("/crimes?bcu=CE&page=2"), "x").render().contains("bcu=CE&page=2"))
    }

    @Test func `a search echoed back on a page is text, never a script`() async throws {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator)
            let supervisor = try await signedIn(app, as: .supervisor, username: "ds-escape")
            let encoded = Self.payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let pages: [(String, Browser)] = [
                ("/officers?q=\(encoded)", admin),
                ("/admin/audit?actor=\(encoded)&record_id=\(encoded)", admin),
                ("/crimes?from=\(encoded)&to=\(encoded)", supervisor),
            ]
            for (path, browser) in pages {
                let response = try await app.testing().sendRequest(.GET, path, headers: browser.headers())
                let html = response.body.string
                #expect(!html.contains("<script>alert(1)</script>"), "\(path) wrote the script into the page")
                #expect(!html.contains(#"value=""><script>"#), "\(path)")
            }
        }
    }
}
