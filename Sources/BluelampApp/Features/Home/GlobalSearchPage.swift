import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/search?q=`: what the search box in every page's header found, by kind of record (issue 22).
struct GlobalSearchPage {
    var results: GlobalSearchService.Results

    func render() -> PageContent {
        let r = results
        let found = r.crime != nil || !r.offenders.isEmpty || !r.people.isEmpty
        return .group(
            Part.heading(
                "Search",
                r.searched.isEmpty
                    ? "Your roles let you search no records from here."
                    : "Looks for " + r.searched.joined(separator: ", ") + ", in the BCUs your roles cover."),
            .form(
                .class("filters"), .method(.get), .action(Paths.search()), .attribute(named: "role", value: "search"),
                .component(
                    Part.field(
                        "Crime reference, offender or name", name: "q", value: r.query,
                        hint: "For example `CE-D12345/26`, `RSO-CE-00012` or a family name.", id: "search-q")),
                .div(.class("field"), .button(.type(.submit), "Search"))),
            .if(
                !r.query.isEmpty && r.query.count < 2,
                .p(.class("muted"), "Type at least two letters or the whole reference.")),
            .if(
                r.query.count >= 2 && !found,
                .p(
                    .text("Nothing found for “\(r.query)”. "),
                    .a(.href(Paths.crimes()), "Browse crimes"), .text(" instead, or check the reference."))),
            .unwrap(r.crime) { crime in
                .group(.h2("Crime"), .p(.a(.href(Paths.crime(crime.id)), .text("Crime \(crime.reference)"))))
            },
            .if(
                !r.offenders.isEmpty,
                .group(
                    .h2("Registered offenders"),
                    .ul(
                        .class("counts"),
                        .forEach(r.offenders) { offender in
                            .li(
                                .a(.href(Paths.offender(offender.id)), .text(offender.name)),
                                .span(.class("muted"), .text(" · \(offender.reference) · \(offender.bcu.name)")))
                        }),
                    .if(
                        r.offenders.count == GlobalSearchService.limit,
                        .p(
                            .class("muted"),
                            "The first \(GlobalSearchService.limit) shown: add to the name to narrow it.")
                    ))),
            .if(
                !r.people.isEmpty,
                .group(
                    .h2("People on the records"),
                    .ul(
                        .class("counts"),
                        .forEach(r.people) { person in
                            .li(
                                .a(.href(Paths.personSafeguarding(person.personID)), .text(person.name)),
                                .unwrap(person.dateOfBirth) {
                                    .span(.class("muted"), .text(" · born \(UKDate.day($0))"))
                                })
                        }),
                    .if(r.morePeople, .p(.class("muted"), "More people match: add a given name to narrow it.")))))
    }
}
