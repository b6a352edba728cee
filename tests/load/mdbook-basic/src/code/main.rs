// ANCHOR: all
fn main() {
    // ANCHOR: body
    println!("hi");
    // ANCHOR_END: body
}
// ANCHOR_END: all
