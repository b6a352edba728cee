//! The languages [`super::lexer`] knows: their comments, strings, word tables and context rules,
//! and the fence names (`go`, `golang`, `sh`, …) that select them.
//!
//! These are the languages that fill most code blocks in technical books; everything else (HTML,
//! XML, CSS, Markdown, diffs, Makefiles, …) is highlighted by syntect.

use super::lexer::Class;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// How keys of a map or config file are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// No keys.
    None,
    /// A quoted string followed by `:`.
    Json,
    /// A name at the line start (after `- `) followed by `: `, or a quoted string and `:`.
    Yaml,
    /// A name at the line start followed by `=` or `:`; `[section]` lines.
    Ini,
}

/// One language's lexical rules.
pub struct Lang {
    /// The language's usual name.
    pub name: &'static str,
    /// Markers that start a comment running to the end of the line.
    pub line_comments: &'static [&'static str],
    /// Block comment delimiters.
    pub block_comment: Option<(&'static str, &'static str)>,
    /// Block comments nest (Rust, Swift, Kotlin, Scala).
    pub nested_comments: bool,
    /// A line comment starts only at the start of a word (shell's `#`).
    pub comment_after_space: bool,
    /// Quotes of strings with backslash escapes.
    pub quotes: &'static [u8],
    /// Quotes of raw strings (no escapes, may span lines): Go's backtick, shell's `'`.
    pub raw_quotes: &'static [u8],
    /// `"""` and `'''` strings.
    pub triple_quotes: bool,
    /// Ordinary strings may span lines.
    pub multiline_strings: bool,
    /// Names that make the following quote a string prefix (`r`, `b`, `f`, `L`); those with an
    /// `r` are raw.
    pub string_prefixes: &'static [&'static str],
    /// Rust's `r#"…"#`.
    pub rust_raw_strings: bool,
    /// `'a` is a lifetime unless closed like a character (Rust).
    pub lifetimes: bool,
    /// C#'s `@"…"` verbatim strings.
    pub verbatim_at: bool,
    /// `$var` inside double quotes is a variable (shell, PHP, Perl).
    pub interpolate: bool,
    /// Shell here-documents.
    pub heredocs: bool,
    /// Sigils that start a variable (`$` or `@`).
    pub sigils: &'static [u8],
    /// The character that starts an annotation or decorator (`@`).
    pub annotation: Option<u8>,
    /// `#` at a line start is a preprocessor directive (C family).
    pub preprocessor: bool,
    /// `#[…]` and `#![…]` are attributes (Rust).
    pub hash_attributes: bool,
    /// `name!` is a macro call (Rust).
    pub bang_macros: bool,
    /// Extra characters that may start or continue a name (`$` in JavaScript).
    pub ident_start: &'static [u8],
    /// Extra characters that may continue a name (`-` in shell words and YAML keys).
    pub ident_extra: &'static [u8],
    /// Operator characters.
    pub operators: &'static [u8],
    /// Control and other keywords.
    pub keywords: &'static [&'static str],
    /// Declaration keywords and modifiers.
    pub storage: &'static [&'static str],
    /// Built-in types.
    pub types: &'static [&'static str],
    /// Language constants.
    pub constants: &'static [&'static str],
    /// Built-in functions and commands.
    pub builtins: &'static [&'static str],
    /// Keywords are matched ignoring ASCII case (tables are lower case).
    pub case_insensitive: bool,
    /// Keywords count only as a line's first word (Dockerfile instructions).
    pub line_start_keywords: bool,
    /// Keywords after which a name is a function definition.
    pub func_decl: &'static [&'static str],
    /// Keywords after which a name is a type.
    pub type_decl: &'static [&'static str],
    /// A capitalised name (`HashMap`, not `MAX`) is a type.
    pub capitalized_types: bool,
    /// How keys are found.
    pub keys: Keys,
    /// The index of this language in [`all`].
    id: usize,
}

impl Lang {
    /// Every table word with its class (keywords win over types over constants over builtins).
    pub(crate) fn words(&self) -> &'static FxHashMap<&'static str, Class> {
        static WORDS: OnceLock<Vec<FxHashMap<&'static str, Class>>> = OnceLock::new();
        &WORDS.get_or_init(|| all().iter().map(|l| l.build_words()).collect())[self.id]
    }

    fn build_words(&self) -> FxHashMap<&'static str, Class> {
        let tables = [
            (self.builtins, Class::Builtin),
            (self.constants, Class::Constant),
            (self.types, Class::BuiltinType),
            (self.storage, Class::Storage),
            (self.keywords, Class::Keyword),
        ];
        // Later tables overwrite earlier ones, hence the order above.
        tables.into_iter().flat_map(|(words, class)| words.iter().map(move |w| (*w, class))).collect()
    }
}

const BASE: Lang = Lang {
    name: "",
    line_comments: &[],
    block_comment: None,
    nested_comments: false,
    comment_after_space: false,
    quotes: b"\"'",
    raw_quotes: b"",
    triple_quotes: false,
    multiline_strings: false,
    string_prefixes: &[],
    rust_raw_strings: false,
    lifetimes: false,
    verbatim_at: false,
    interpolate: false,
    heredocs: false,
    sigils: b"",
    annotation: None,
    preprocessor: false,
    hash_attributes: false,
    bang_macros: false,
    ident_start: b"",
    ident_extra: b"",
    operators: b"+-*/%=&|^!<>~?:",
    keywords: &[],
    storage: &[],
    types: &[],
    constants: &[],
    builtins: &[],
    case_insensitive: false,
    line_start_keywords: false,
    func_decl: &[],
    type_decl: &[],
    capitalized_types: false,
    keys: Keys::None,
    id: 0,
};

const C_LIKE: Lang = Lang { line_comments: &["//"], block_comment: Some(("/*", "*/")), ..BASE };

const C_TYPES: &[&str] = &[
    "bool", "char", "double", "float", "int", "long", "short", "signed", "unsigned", "void", "size_t", "ssize_t",
    "ptrdiff_t", "intptr_t", "uintptr_t", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
    "uint32_t", "uint64_t", "wchar_t", "FILE", "_Bool",
];
const C_KEYWORDS: &[&str] = &[
    "break", "case", "continue", "default", "do", "else", "for", "goto", "if", "return", "sizeof", "switch", "while",
];
const C_STORAGE: &[&str] =
    &["auto", "const", "enum", "extern", "inline", "register", "restrict", "static", "struct", "typedef", "union", "volatile"];

const GO: Lang = Lang {
    name: "Go",
    id: 0,
    raw_quotes: b"`",
    keywords: &[
        "break", "case", "continue", "default", "defer", "else", "fallthrough", "for", "go", "goto", "if", "import",
        "package", "range", "return", "select", "switch",
    ],
    storage: &["chan", "const", "func", "interface", "map", "struct", "type", "var"],
    types: &[
        "any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
        "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
    ],
    constants: &["true", "false", "nil", "iota"],
    builtins: &[
        "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new",
        "panic", "print", "println", "real", "recover",
    ],
    func_decl: &["func"],
    type_decl: &["type"],
    ..C_LIKE
};

const C: Lang = Lang {
    name: "C",
    id: 1,
    preprocessor: true,
    string_prefixes: &["L", "u", "U", "u8"],
    keywords: C_KEYWORDS,
    storage: C_STORAGE,
    types: C_TYPES,
    constants: &["NULL", "true", "false", "EOF", "stdin", "stdout", "stderr"],
    type_decl: &["struct", "enum", "union"],
    ..C_LIKE
};

const CPP: Lang = Lang {
    name: "C++",
    id: 2,
    preprocessor: true,
    string_prefixes: &["L", "u", "U", "u8", "R", "LR", "uR", "UR", "u8R"],
    keywords: &[
        "break", "case", "catch", "co_await", "co_return", "co_yield", "continue", "default", "delete", "do", "else",
        "for", "goto", "if", "namespace", "new", "operator", "return", "sizeof", "switch", "throw", "try", "using",
        "while", "alignof", "decltype", "typeid", "static_cast", "dynamic_cast", "const_cast", "reinterpret_cast",
        "this", "and", "or", "not",
    ],
    storage: &[
        "auto", "class", "const", "consteval", "constexpr", "constinit", "enum", "explicit", "export", "extern",
        "final", "friend", "inline", "mutable", "noexcept", "override", "private", "protected", "public", "register",
        "static", "struct", "template", "thread_local", "typedef", "typename", "union", "virtual", "volatile",
    ],
    types: C_TYPES,
    constants: &["true", "false", "nullptr", "NULL"],
    type_decl: &["class", "struct", "enum", "union", "namespace"],
    ..C_LIKE
};

const JAVA: Lang = Lang {
    name: "Java",
    id: 3,
    annotation: Some(b'@'),
    triple_quotes: true,
    capitalized_types: true,
    keywords: &[
        "assert", "break", "case", "catch", "continue", "default", "do", "else", "finally", "for", "if", "import",
        "instanceof", "new", "package", "return", "super", "switch", "this", "throw", "try", "while", "yield",
    ],
    storage: &[
        "abstract", "class", "enum", "extends", "final", "implements", "interface", "native", "private", "protected",
        "public", "record", "static", "strictfp", "synchronized", "throws", "transient", "var", "volatile",
    ],
    types: &["boolean", "byte", "char", "double", "float", "int", "long", "short", "void", "String", "Object"],
    constants: &["true", "false", "null"],
    type_decl: &["class", "interface", "enum", "record"],
    ..C_LIKE
};

const KOTLIN: Lang = Lang {
    name: "Kotlin",
    id: 4,
    nested_comments: true,
    annotation: Some(b'@'),
    triple_quotes: true,
    capitalized_types: true,
    interpolate: true,
    sigils: b"",
    keywords: &[
        "as", "break", "catch", "continue", "do", "else", "finally", "for", "if", "import", "in", "is", "package",
        "return", "super", "this", "throw", "try", "when", "while",
    ],
    storage: &[
        "abstract", "class", "companion", "const", "data", "enum", "fun", "inline", "interface", "internal", "lateinit",
        "object", "open", "override", "private", "protected", "public", "sealed", "suspend", "typealias", "val", "var",
    ],
    constants: &["true", "false", "null"],
    builtins: &["println", "print", "listOf", "mapOf", "setOf", "mutableListOf", "arrayOf", "require", "check"],
    func_decl: &["fun"],
    type_decl: &["class", "interface", "object", "typealias"],
    ..C_LIKE
};

const CSHARP: Lang = Lang {
    name: "C#",
    id: 5,
    preprocessor: true,
    verbatim_at: true,
    capitalized_types: true,
    string_prefixes: &["$"],
    keywords: &[
        "as", "await", "base", "break", "case", "catch", "checked", "continue", "default", "do", "else", "finally",
        "fixed", "for", "foreach", "goto", "if", "in", "is", "lock", "namespace", "new", "return", "sizeof",
        "stackalloc", "switch", "this", "throw", "try", "typeof", "using", "when", "while", "yield",
    ],
    storage: &[
        "abstract", "async", "class", "const", "delegate", "enum", "event", "explicit", "extern", "implicit",
        "interface", "internal", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
        "record", "ref", "sealed", "static", "struct", "unsafe", "var", "virtual", "volatile",
    ],
    types: &[
        "bool", "byte", "char", "decimal", "double", "dynamic", "float", "int", "long", "object", "sbyte", "short",
        "string", "uint", "ulong", "ushort", "void",
    ],
    constants: &["true", "false", "null"],
    type_decl: &["class", "struct", "interface", "enum", "record"],
    ..C_LIKE
};

const JS_KEYWORDS: &[&str] = &[
    "await", "break", "case", "catch", "continue", "debugger", "default", "delete", "do", "else", "export", "finally",
    "for", "from", "if", "import", "in", "instanceof", "new", "of", "return", "super", "switch", "this", "throw",
    "try", "typeof", "void", "while", "with", "yield", "as",
];

const JS: Lang = Lang {
    name: "JavaScript",
    id: 6,
    quotes: b"\"'`",
    multiline_strings: false,
    ident_start: b"$",
    capitalized_types: true,
    annotation: Some(b'@'),
    keywords: JS_KEYWORDS,
    storage: &["async", "class", "const", "extends", "function", "get", "let", "set", "static", "var"],
    constants: &["true", "false", "null", "undefined", "NaN", "Infinity"],
    builtins: &["console", "require", "module", "exports", "window", "document", "JSON", "Math", "Promise"],
    func_decl: &["function"],
    type_decl: &["class"],
    ..C_LIKE
};

const TS: Lang = Lang {
    name: "TypeScript",
    id: 7,
    storage: &[
        "abstract", "async", "class", "const", "declare", "enum", "extends", "function", "get", "implements",
        "interface", "let", "namespace", "private", "protected", "public", "readonly", "set", "static", "type", "var",
    ],
    types: &["any", "boolean", "never", "number", "object", "string", "symbol", "unknown", "void", "bigint"],
    type_decl: &["class", "interface", "type", "enum", "namespace"],
    ..JS
};

const RUST: Lang = Lang {
    name: "Rust",
    id: 8,
    nested_comments: true,
    multiline_strings: true,
    string_prefixes: &["b"],
    rust_raw_strings: true,
    lifetimes: true,
    hash_attributes: true,
    bang_macros: true,
    capitalized_types: true,
    keywords: &[
        "as", "async", "await", "break", "continue", "crate", "else", "for", "if", "in", "loop", "match", "return",
        "self", "Self", "super", "use", "where", "while", "yield", "mod",
    ],
    storage: &[
        "const", "dyn", "enum", "extern", "fn", "impl", "let", "move", "mut", "pub", "ref", "static", "struct", "trait",
        "type", "unsafe",
    ],
    types: &[
        "bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "str", "u8", "u16", "u32", "u64",
        "u128", "usize", "String", "Vec", "Option", "Result", "Box",
    ],
    constants: &["true", "false", "None", "Some", "Ok", "Err"],
    func_decl: &["fn"],
    type_decl: &["struct", "enum", "trait", "type", "union"],
    ..C_LIKE
};

const SWIFT: Lang = Lang {
    name: "Swift",
    id: 9,
    nested_comments: true,
    triple_quotes: true,
    annotation: Some(b'@'),
    capitalized_types: true,
    keywords: &[
        "as", "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard",
        "if", "import", "in", "is", "repeat", "return", "self", "Self", "super", "switch", "throw", "throws", "try",
        "where", "while", "await",
    ],
    storage: &[
        "actor", "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "final", "func", "init",
        "inout", "internal", "let", "mutating", "open", "override", "private", "protocol", "public", "static",
        "struct", "subscript", "typealias", "var", "async", "lazy", "weak",
    ],
    constants: &["true", "false", "nil"],
    builtins: &["print", "debugPrint", "fatalError", "precondition", "assert"],
    func_decl: &["func"],
    type_decl: &["class", "struct", "enum", "protocol", "extension", "actor", "typealias"],
    ..C_LIKE
};

const PROTOBUF: Lang = Lang {
    name: "Protocol Buffers",
    id: 10,
    keywords: &["syntax", "package", "import", "option", "returns", "reserved", "to", "max", "extend", "stream", "weak", "public", "edition"],
    storage: &["message", "service", "rpc", "enum", "oneof", "map", "repeated", "optional", "required"],
    types: &[
        "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32",
        "sfixed64", "bool", "string", "bytes",
    ],
    constants: &["true", "false"],
    func_decl: &["rpc"],
    type_decl: &["message", "service", "enum"],
    operators: b"=<>",
    ..C_LIKE
};

const PYTHON: Lang = Lang {
    name: "Python",
    id: 11,
    line_comments: &["#"],
    triple_quotes: true,
    annotation: Some(b'@'),
    string_prefixes: &[
        "r", "u", "b", "f", "br", "rb", "fr", "rf", "R", "U", "B", "F", "Br", "bR", "BR", "Rb", "rB", "RB", "Fr", "fR",
        "FR", "Rf", "rF", "RF",
    ],
    keywords: &[
        "and", "as", "assert", "async", "await", "break", "continue", "del", "elif", "else", "except", "finally", "for",
        "from", "global", "if", "import", "in", "is", "lambda", "match", "case", "nonlocal", "not", "or", "pass",
        "raise", "return", "try", "while", "with", "yield",
    ],
    storage: &["class", "def"],
    types: &["bool", "bytes", "dict", "float", "frozenset", "int", "list", "object", "set", "str", "tuple", "type"],
    constants: &["True", "False", "None", "self", "cls", "NotImplemented", "Ellipsis"],
    builtins: &[
        "abs", "all", "any", "enumerate", "filter", "format", "getattr", "hasattr", "input", "isinstance", "iter",
        "len", "map", "max", "min", "next", "open", "print", "range", "repr", "reversed", "round", "setattr", "sorted",
        "sum", "super", "zip",
    ],
    func_decl: &["def"],
    type_decl: &["class"],
    ..BASE
};

const RUBY: Lang = Lang {
    name: "Ruby",
    id: 12,
    line_comments: &["#"],
    multiline_strings: true,
    interpolate: false,
    sigils: b"$@",
    keywords: &[
        "alias", "and", "begin", "break", "case", "do", "else", "elsif", "end", "ensure", "for", "if", "in", "next",
        "not", "or", "redo", "rescue", "retry", "return", "super", "then", "undef", "unless", "until", "when", "while",
        "yield", "require", "require_relative", "include", "extend",
    ],
    storage: &["class", "def", "module", "attr_accessor", "attr_reader", "attr_writer", "private", "protected", "public"],
    constants: &["true", "false", "nil", "self", "__FILE__", "__LINE__"],
    builtins: &["puts", "print", "p", "raise", "lambda", "proc", "loop"],
    capitalized_types: true,
    func_decl: &["def"],
    type_decl: &["class", "module"],
    ..BASE
};

const PHP: Lang = Lang {
    name: "PHP",
    id: 13,
    line_comments: &["//", "#"],
    block_comment: Some(("/*", "*/")),
    multiline_strings: true,
    interpolate: true,
    sigils: b"$",
    capitalized_types: true,
    case_insensitive: false,
    keywords: &[
        "as", "break", "case", "catch", "clone", "continue", "declare", "default", "do", "echo", "else", "elseif",
        "empty", "enddeclare", "endfor", "endforeach", "endif", "endswitch", "endwhile", "finally", "for", "foreach",
        "if", "include", "include_once", "instanceof", "isset", "list", "match", "namespace", "new", "print", "require",
        "require_once", "return", "switch", "throw", "try", "unset", "use", "while", "yield",
    ],
    storage: &[
        "abstract", "class", "const", "enum", "extends", "final", "function", "fn", "global", "implements", "interface",
        "private", "protected", "public", "readonly", "static", "trait", "var",
    ],
    types: &["array", "bool", "callable", "float", "int", "iterable", "mixed", "object", "string", "void"],
    constants: &["true", "false", "null", "TRUE", "FALSE", "NULL"],
    func_decl: &["function"],
    type_decl: &["class", "interface", "trait", "enum"],
    ..BASE
};

const LUA: Lang = Lang {
    name: "Lua",
    id: 14,
    line_comments: &["--"],
    block_comment: Some(("--[[", "]]")),
    operators: b"+-*/%=<>~#^",
    keywords: &[
        "and", "break", "do", "else", "elseif", "end", "for", "goto", "if", "in", "not", "or", "repeat", "return",
        "then", "until", "while",
    ],
    storage: &["function", "local"],
    constants: &["true", "false", "nil", "self"],
    builtins: &[
        "print", "pairs", "ipairs", "require", "type", "tostring", "tonumber", "error", "assert", "pcall", "setmetatable",
        "getmetatable", "select", "unpack",
    ],
    func_decl: &["function"],
    ..BASE
};

const SHELL: Lang = Lang {
    name: "Shell",
    id: 15,
    line_comments: &["#"],
    comment_after_space: true,
    quotes: b"\"",
    raw_quotes: b"'",
    multiline_strings: true,
    interpolate: true,
    heredocs: true,
    sigils: b"$",
    ident_extra: b"-",
    operators: b"|&;<>!=",
    keywords: &[
        "case", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select", "then", "time",
        "until", "while", "return", "exit", "break", "continue",
    ],
    storage: &["export", "local", "declare", "readonly", "typeset", "alias", "unset"],
    builtins: &[
        "cd", "echo", "eval", "exec", "printf", "pwd", "read", "set", "shift", "source", "test", "trap", "ulimit",
        "umask", "wait", "sudo",
    ],
    func_decl: &["function"],
    ..BASE
};

const DOCKERFILE: Lang = Lang {
    name: "Dockerfile",
    id: 16,
    line_start_keywords: true,
    case_insensitive: true,
    keywords: &[
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label", "maintainer",
        "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ],
    storage: &[],
    builtins: &[],
    func_decl: &[],
    ..SHELL
};

const JSON: Lang = Lang {
    name: "JSON",
    id: 17,
    quotes: b"\"",
    operators: b"",
    keys: Keys::Json,
    constants: &["true", "false", "null"],
    ..C_LIKE
};

const YAML: Lang = Lang {
    name: "YAML",
    id: 18,
    line_comments: &["#"],
    comment_after_space: true,
    ident_extra: b"-./",
    operators: b"|>&*!",
    keys: Keys::Yaml,
    constants: &["true", "false", "null", "yes", "no", "on", "off", "True", "False", "Null", "TRUE", "FALSE", "NULL", "~"],
    ..BASE
};

const INI: Lang = Lang {
    name: "TOML/INI",
    id: 19,
    line_comments: &["#", ";"],
    triple_quotes: true,
    quotes: b"\"",
    raw_quotes: b"'",
    ident_extra: b"-.",
    operators: b"=",
    keys: Keys::Ini,
    constants: &["true", "false"],
    ..BASE
};

const SQL: Lang = Lang {
    name: "SQL",
    id: 20,
    line_comments: &["--", "#"],
    comment_after_space: false,
    block_comment: Some(("/*", "*/")),
    quotes: b"'",
    raw_quotes: b"`",
    case_insensitive: true,
    operators: b"=<>!+-*/%|",
    keywords: &[
        "add", "all", "alter", "and", "as", "asc", "begin", "between", "by", "case", "check", "column", "commit",
        "constraint", "create", "cross", "database", "default", "delete", "desc", "distinct", "drop", "else", "end",
        "exists", "foreign", "from", "full", "grant", "group", "having", "if", "in", "index", "inner", "insert", "into",
        "is", "join", "key", "left", "like", "limit", "not", "offset", "on", "or", "order", "outer", "primary",
        "references", "returning", "right", "rollback", "select", "set", "table", "then", "transaction", "union",
        "unique", "update", "values", "view", "when", "where", "with", "engine", "charset", "auto_increment",
    ],
    types: &[
        "bigint", "binary", "bit", "blob", "boolean", "char", "date", "datetime", "decimal", "double", "float", "int",
        "integer", "json", "numeric", "real", "serial", "smallint", "text", "time", "timestamp", "tinyint", "uuid",
        "varchar", "varbinary",
    ],
    constants: &["null", "true", "false"],
    builtins: &["count", "sum", "avg", "min", "max", "coalesce", "now", "concat", "lower", "upper"],
    ..BASE
};

/// The language for a fence name (any ASCII case), if the lexer knows it.
pub fn find(lang: &str) -> Option<&'static Lang> {
    let lang = lang.trim();
    if lang.len() > 16 {
        return None;
    }
    let lower = lang.to_ascii_lowercase();
    Some(match lower.as_str() {
        "go" | "golang" => &GO,
        "c" | "h" => &C,
        "cpp" | "c++" | "cxx" | "cc" | "hpp" | "hxx" | "h++" => &CPP,
        "java" => &JAVA,
        "kotlin" | "kt" | "kts" => &KOTLIN,
        "cs" | "csharp" | "c#" => &CSHARP,
        "js" | "javascript" | "jsx" | "mjs" | "cjs" | "node" => &JS,
        "ts" | "typescript" | "tsx" | "mts" | "cts" => &TS,
        "rust" | "rs" => &RUST,
        "swift" => &SWIFT,
        "proto" | "protobuf" | "proto3" => &PROTOBUF,
        "python" | "py" | "python3" | "py3" | "gyp" => &PYTHON,
        "ruby" | "rb" => &RUBY,
        "php" => &PHP,
        "lua" => &LUA,
        "sh" | "bash" | "shell" | "zsh" | "ksh" | "console" | "shell-session" | "shellsession" | "terminal" => &SHELL,
        "dockerfile" | "docker" | "containerfile" => &DOCKERFILE,
        "json" | "jsonc" | "json5" | "geojson" | "jsonl" => &JSON,
        "yaml" | "yml" => &YAML,
        "toml" | "ini" | "conf" | "cfg" | "properties" | "env" | "editorconfig" | "dotenv" => &INI,
        "sql" | "mysql" | "postgresql" | "postgres" | "psql" | "sqlite" | "plsql" | "pgsql" => &SQL,
        _ => return None,
    })
}

/// Every language the lexer knows (for tests and docs).
pub fn all() -> [&'static Lang; 21] {
    [
        &GO, &C, &CPP, &JAVA, &KOTLIN, &CSHARP, &JS, &TS, &RUST, &SWIFT, &PROTOBUF, &PYTHON, &RUBY, &PHP, &LUA,
        &SHELL, &DOCKERFILE, &JSON, &YAML, &INI, &SQL,
    ]
}
