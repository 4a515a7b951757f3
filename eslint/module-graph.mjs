// The module graph: which folders under src/ may import which (filled in by the sealing work, issue #15 item 3).
export default [];
