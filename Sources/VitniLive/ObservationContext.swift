import Hummingbird

/// A request in the observation room, with the person the guard admitted.
struct ObservationContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var person: ObservationAccess.Person?

    init(source: Source) {
        coreContext = .init(source: source)
        person = nil
    }

    /// Notes are typed, not uploaded: a body larger than a note and its JSON is refused.
    var maxUploadSize: Int { 80 * 1024 }
}
