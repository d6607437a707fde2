import Testing

@testable import BluelampApp

/// Every table's headings say what they head, and a table that turns into cards on a phone keeps its roles.
@Suite struct TableSemanticsTests {
    @Test func `headings in a table's head head columns, in its body rows`() {
        let html =
            #"<table><caption>C</caption><thead><tr><th>Name</th><th class="num">N</th></tr></thead>"#
            + #"<tbody><tr><th>Ali</th><td>1</td></tr></tbody></table>"#
        #expect(
            TableSemantics.apply(to: html)
                == #"<table><caption>C</caption><thead><tr><th scope="col">Name</th><th class="num" scope="col">N</th></tr></thead>"#
                + #"<tbody><tr><th scope="row">Ali</th><td>1</td></tr></tbody></table>"#)
    }

    @Test func `a table that becomes cards on a phone carries its roles, and what a page says is kept`() {
        let html =
            #"<div><table class="x responsive"><thead><tr><th scope="colgroup">A</th></tr></thead>"#
            + #"<tbody><tr><td data-label="A">1</td></tr></tbody></table><p>after<br/></p></div>"#
        #expect(
            TableSemantics.apply(to: html)
                == #"<div><table class="x responsive" role="table"><thead role="rowgroup"><tr role="row">"#
                + #"<th scope="colgroup" role="columnheader">A</th></tr></thead><tbody role="rowgroup"><tr role="row">"#
                + #"<td data-label="A" role="cell">1</td></tr></tbody></table><p>after<br/></p></div>"#)
    }

    @Test func `a page without a table, and text that only looks like one, are left alone`() {
        let plain = "<p>No tables &lt;table&gt; here</p>"
        #expect(TableSemantics.apply(to: plain) == plain)
        let nested = #"<table class="responsive"><tr><td><table><tr><td>x</td></tr></table></td></tr></table>"#
        #expect(
            TableSemantics.apply(to: nested)
                == #"<table class="responsive" role="table"><tr role="row"><td role="cell"><table><tr><td>x</td></tr></table></td></tr></table>"#
        )
    }

    @Test func `text in any script around and inside the tags comes through byte for byte`() {
        let html = "<p>Café – “quoted” 🚓</p><TABLE><TR><TH>Ærø</TH><td>naïve</td></TR></TABLE>é"
        #expect(
            TableSemantics.apply(to: html)
                == "<p>Café – “quoted” 🚓</p><TABLE><TR><TH scope=\"row\">Ærø</TH><td>naïve</td></TR></TABLE>é")
    }
}
