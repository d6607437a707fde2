import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/safeguarding/people`: find a person by family name (and given name, date of birth) among the people on records
/// in your scope, each a link to their safeguarding history. A GET form, so it works without JavaScript and a search
/// can be bookmarked; what was typed is kept and each problem links to its field.
struct PersonSearchPage {
    struct Model {
        var familyName: String
        var givenName: String
        var dateOfBirth: String
        /// nil before a search is made.
        var results: (people: [PersonMatch], more: Bool)?
        var problems: [FormProblem] = []
    }

    var model: Model

    /// A date of birth as people in the UK write it ("25 Aug 1994").
    static func dateOfBirth(_ day: DateOfBirth?) -> String {
        guard let day else { return "Not known" }
        return UKDate.day(day)
    }

    func render() -> PageContent {
        .group(
            Part.heading(
                "Find a person",
                "People on crimes, protection orders, Clare's Law requests and missing episodes in the BCUs you cover."),
            Part.errorSummary(model.problems),
            .form(
                .method(.get), .action(Paths.personSearch()), .class("stack"),
                .component(
                    Part.field(
                        "Family name", name: "family_name", value: model.familyName, required: true,
                        hint: "The whole family name, in any case.", autocomplete: "off",
                        error: FormProblem.message(model.problems, field: "family_name"))),
                .component(
                    Part.field(
                        "Given name (optional)", name: "given_name", value: model.givenName,
                        hint: "Its beginning is enough.", autocomplete: "off",
                        error: FormProblem.message(model.problems, field: "given_name"))),
                .component(
                    Part.field(
                        "Date of birth (optional)", name: "date_of_birth", value: model.dateOfBirth, type: .date,
                        hint: "YYYY-MM-DD", error: FormProblem.message(model.problems, field: "date_of_birth"))),
                .button(.type(.submit), "Search")),
            .unwrap(model.results) { results in
                .section(
                    .h2(.text(results.people.isEmpty ? "No one found" : "People found (\(results.people.count))")),
                    .if(
                        results.people.isEmpty,
                        .p(
                            .text(
                                "No one of that name is on a record in the BCUs you cover. Check the spelling, leave "
                                    + "out the given name or the date of birth, or ask the public protection unit of "
                                    + "the BCU."))),
                    .if(
                        results.more,
                        .p(
                            .class("hint"),
                            .text(
                                "More than \(PersonSearch.limit) people match; the first \(PersonSearch.limit) are "
                                    + "shown. Add a given name or a date of birth to narrow the search."))),
                    .if(
                        !results.people.isEmpty,
                        .table(
                            .caption(.class("visually-hidden"), "People found"),
                            .thead(
                                .tr(
                                    .th(.attribute(named: "scope", value: "col"), "Name"),
                                    .th(.attribute(named: "scope", value: "col"), "Date of birth"))),
                            .tbody(
                                .forEach(results.people) { person in
                                    .tr(
                                        CrimeParts.cell(
                                            "Name",
                                            .a(.href(Paths.personSafeguarding(person.personID)), .text(person.name))),
                                        CrimeParts.cell("Date of birth", .text(Self.dateOfBirth(person.dateOfBirth))))
                                }))))
            })
    }
}
