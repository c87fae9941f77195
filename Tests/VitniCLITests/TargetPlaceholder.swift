// VitniCLITests: its tests arrive with the features they cover. This file only keeps the target
// declared in Package.swift buildable (SwiftPM warns about a test target with no sources).
