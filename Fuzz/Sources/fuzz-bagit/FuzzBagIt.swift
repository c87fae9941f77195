import FuzzSupport
import VitniFormats

/// BagIt tag files (bagit.txt, bag-info.txt, both manifests, Payload-Oxum), custody lines and
/// canonical JSON, each on every input.
///
/// - bag-info and manifests: what parses and renders parses back to the same fields (manifests
///   render sorted, so entries compare as sets).
/// - Custody: every line that parses as an event is its own canonical line.
/// - Canonical JSON: a parsed value serialises to bytes that parse back to it and serialise to
///   themselves.
@main enum FuzzBagIt {
    static func main() { runFuzzer(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = input(data, size)
    if (try? BagIt.Declaration.parse(bytes)) != nil {
        require(bytes == BagIt.Declaration.render(), "bagit.txt accepted other bytes than Vitni's")
    }
    bagInfo(bytes)
    for scope in [BagIt.PathScope.payload, .tag] { manifest(bytes, scope: scope) }
    custody(bytes)
    canonicalJSON(bytes)
    return 0
}

private func bagInfo(_ bytes: [UInt8]) {
    guard let info = try? BagIt.BagInfo.parse(bytes) else { return }
    for field in info.fields {
        if let oxum = BagIt.PayloadOxum(field.value) {
            require(oxum.description == field.value, "Payload-Oxum is not its own canonical text")
        }
    }
    guard let rendered = try? info.render() else { return }
    require((try? BagIt.BagInfo.parse(rendered)) == info, "bag-info does not read back as rendered")
}

private func manifest(_ bytes: [UInt8], scope: BagIt.PathScope) {
    guard let manifest = try? BagIt.Manifest.parse(bytes, file: BagIt.payloadManifestFile, scope: scope) else { return }
    guard let rendered = try? manifest.render(file: BagIt.payloadManifestFile, scope: scope) else {
        fatalError("property broken: a parsed manifest does not render")
    }
    let again = try? BagIt.Manifest.parse(rendered, file: BagIt.payloadManifestFile, scope: scope)
    require(again.map { Set($0.entries) } == Set(manifest.entries), "manifest does not read back as rendered")
}

private func custody(_ bytes: [UInt8]) {
    guard let lines = try? Custody.lines(bytes) else { return }
    for (index, line) in lines.enumerated() {
        guard let event = try? Custody.Event.parse(line: line, number: index + 1) else { continue }
        require((try? event.line()) == Array(line), "a custody event is not its own canonical line")
    }
}

private func canonicalJSON(_ bytes: [UInt8]) {
    guard let value = try? CanonicalJSON.parse(bytes, limits: .init(maximumBytes: 1 << 20, maximumDepth: 16)) else {
        return
    }
    guard let serialised = try? CanonicalJSON.serialize(value) else {
        fatalError("property broken: a parsed JSON value does not serialise")
    }
    let again = try? CanonicalJSON.parse(serialised, limits: .init(maximumBytes: 1 << 22, maximumDepth: 16))
    require(again == value, "canonical JSON does not parse back to the value")
    require(again.flatMap { try? CanonicalJSON.serialize($0) } == serialised, "canonical JSON is not idempotent")
}
