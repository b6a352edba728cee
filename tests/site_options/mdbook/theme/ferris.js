// Marks code that does not compile, as the Rust book does.
document.querySelectorAll("code.does_not_compile").forEach(function (c) { c.title = "does not compile"; });
