import Foundation
import Plot
import Testing
import Vapor

@testable import BluelampApp

/// A page's date is three boxes (and a time box for a moment); the decoder joins them into the one field the rules
/// read, and what is no date reaches the rule as typed so that the rule refuses it by its field.
@Suite struct DateInputTests {
    @Test func `day, month and year become one ISO day, and a time a moment`() {
        #expect(DateInput.joined(day: "7", month: "3", year: "2026", time: nil) == "2026-03-07")
        #expect(DateInput.joined(day: " 07 ", month: "03", year: "2026", time: nil) == "2026-03-07")
        #expect(DateInput.joined(day: "7", month: "Mar", year: "2026", time: nil) == "2026-03-07")
        #expect(DateInput.joined(day: "7", month: "march", year: "2026", time: nil) == "2026-03-07")
        #expect(DateInput.joined(day: "7", month: "3", year: "2026", time: "9:05") == "2026-03-07T09:05")
        #expect(DateInput.joined(day: "7", month: "3", year: "2026", time: "14.30") == "2026-03-07T14:30")
        #expect(DateInput.joined(day: "7", month: "3", year: "2026", time: "1430") == "2026-03-07T14:30")
        #expect(DateInput.joined(day: "7", month: "3", year: "2026", time: "") == "2026-03-07")
        #expect(DateInput.joined(day: "", month: "", year: "", time: "") == "")
        #expect(DateInput.joined(day: "", month: "", year: "", time: nil) == "")
    }

    @Test func `what is no date is passed on as typed, for the rule to refuse`() {
        #expect(DateInput.joined(day: "45", month: "13", year: "2026", time: nil) == "2026-13-45")
        #expect(DateInput.joined(day: "7", month: "3", year: "26", time: nil) == "26-3-7")
        #expect(DateInput.joined(day: "seven", month: "3", year: "2026", time: nil) == "2026-3-seven")
        #expect(DateInput.joined(day: "", month: "3", year: "2026", time: nil) == "2026-3-")
        #expect(DateInput.joined(day: "7", month: "ju", year: "2026", time: nil) == "2026-ju-7")
        #expect(DateInput.joined(day: "7", month: "3", year: "2026", time: "noon") == "2026-03-07Tnoon")
        // Real-date checks are the rule's: 31 February is joined, and refused where it is read.
        #expect(DateInput.joined(day: "31", month: "2", year: "2026", time: nil) == "2026-02-31")
    }

    @Test func `a query keeps its other pairs and takes the boxes over a field given both ways`() {
        #expect(DateInput.join("bcu=CE&type=burglary") == "bcu=CE&type=burglary")
        #expect(
            DateInput.join("bcu=CE&from-day=1&from-month=2&from-year=2026&to=")
                == "bcu=CE&to=&from=2026-02-01")
        #expect(DateInput.join("from=2020-01-01&from-day=1&from-month=2&from-year=2026") == "from=2026-02-01")
        #expect(DateInput.join("at-day=&at-month=&at-year=&at-time=&csrf=x") == "csrf=x&at=")
        #expect(
            DateInput.join("at-day=5&at-month=11&at-year=2026&at-time=9%3A30") == "at=2026-11-05T09%3A30")
        #expect(DateInput.join("q=a%26b&on-day=1&on-month=1&on-year=2027") == "q=a%26b&on=2027-01-01")
    }

    @Test func `a value is shown back in its boxes`() {
        #expect(DateInput.split("2026-03-07") == ("7", "3", "2026", ""))
        #expect(DateInput.split("2026-03-07T09:05") == ("7", "3", "2026", "09:05"))
        #expect(DateInput.split("2026-13-45") == ("45", "13", "2026", ""))
        #expect(DateInput.split("") == ("", "", "", ""))
        #expect(DateInput.split("yesterday") == ("", "", "", ""))
    }

    @Test func `forms and queries are decoded with the boxes joined`() throws {
        struct Form: Decodable {
            var reason: String
            var visited_on: String
        }
        let decoder = DatePartsDecoder()
        let body = ByteBuffer(string: "reason=Home+visit&visited_on-day=3&visited_on-month=12&visited_on-year=2026")
        let form = try decoder.decode(Form.self, from: body, headers: [:])
        #expect(form.reason == "Home visit")
        #expect(form.visited_on == "2026-12-03")
        let query = try decoder.decode(Form.self, from: URI(string: "/x?reason=a&visited_on=2026-12-04"))
        #expect(query.visited_on == "2026-12-04")
    }

    @Test func `a date field is one question with labelled boxes, the day box carrying the field's id`() {
        let html = Part.field("Visited on", name: "visited_on", value: "2026-12-03", type: .date, required: true)
            .render()
        #expect(
            html.contains("<fieldset class=\"date\" aria-describedby=\"visited_on-hint\"><legend>Visited on</legend>"))
        #expect(html.contains(#"<label for="visited_on">Day</label>"#))
        #expect(html.contains(#"name="visited_on-day" id="visited_on" value="3""#))
        #expect(html.contains(#"name="visited_on-month" id="visited_on-month" value="12""#))
        #expect(html.contains(#"name="visited_on-year" id="visited_on-year" value="2026""#))
        #expect(!html.contains("visited_on-time"))
        #expect(!html.contains(#"type="date""#))
        let moment = Part.field(
            "Reported at", name: "reported_at", value: "2026-12-03T09:05", type: .datetimeLocal, error: "is wrong"
        ).render()
        #expect(moment.contains(#"name="reported_at-time" id="reported_at-time" value="09:05""#))
        #expect(moment.contains(#"aria-describedby="reported_at-hint reported_at-error""#))
        #expect(moment.contains(#"aria-invalid="true""#))
    }
}
