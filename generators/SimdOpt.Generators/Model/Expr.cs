namespace SimdOpt.Generators.Model;

/// <summary>The operators and functions of the expression language.</summary>
internal enum ExprKind
{
    Number,
    Boolean,
    Name,
    Negate,
    Not,
    Add,
    Subtract,
    Multiply,
    Divide,

    /// <summary><c>a % b</c>: the remainder of C#'s <c>%</c> on double (truncated division, exact); per step
    /// only.</summary>
    Modulo,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    And,
    Or,
    Conditional,
    Call,

    /// <summary>A part that could not be read; its diagnostic is already reported, so binding it reports nothing
    /// more.</summary>
    Invalid,
}

/// <summary>
/// A parsed expression: a node of the syntax tree of one attribute string (or built by a sugar attribute),
/// with the place it came from for diagnostics.
/// </summary>
/// <param name="Kind">The node's operator.</param>
/// <param name="Value">The literal of a <see cref="ExprKind.Number"/> (1 or 0 for a boolean literal).</param>
/// <param name="Name">The identifier of a <see cref="ExprKind.Name"/> or the function of a
/// <see cref="ExprKind.Call"/>.</param>
/// <param name="Operands">The operands, in order.</param>
/// <param name="Location">Where the node's text is, when known.</param>
internal sealed record Expr(ExprKind Kind, double Value, string Name, EquatableArray<Expr> Operands,
    LocationInfo? Location)
{
    public static Expr Number(double value, LocationInfo? location) =>
        new(ExprKind.Number, value, "", EquatableArray<Expr>.Empty, location);

    public static Expr Boolean(bool value, LocationInfo? location) =>
        new(ExprKind.Boolean, value ? 1 : 0, "", EquatableArray<Expr>.Empty, location);

    public static Expr Ref(string name, LocationInfo? location) =>
        new(ExprKind.Name, 0, name, EquatableArray<Expr>.Empty, location);

    public static Expr Op(ExprKind kind, LocationInfo? location, params Expr[] operands) =>
        new(kind, 0, "", new EquatableArray<Expr>(operands), location);

    public static Expr Invalid(LocationInfo? location) =>
        new(ExprKind.Invalid, 0, "", EquatableArray<Expr>.Empty, location);

    public static Expr Call(string function, LocationInfo? location, Expr[] operands) =>
        new(ExprKind.Call, 0, function, new EquatableArray<Expr>(operands), location);

    public Expr this[int index] => Operands[index];
}
