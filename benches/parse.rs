//! Criterion benches for load + parse + resolve.
fn main() {}
