using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tandem.Rules.Procedures;

/// <summary>A problem in an expression, at a character position, for the pack validator to report.</summary>
public sealed class ExpressionException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>
/// The tiny language a procedure's eligibility checks are written in, e.g.
/// <c>order.status in [processing]</c>, <c>days_since(order.delivered_at) &lt;= 30</c>,
/// <c>not any(order.items.personalisation)</c>. Deliberately small: paths into the slots and the
/// tool's lookup result, literals, lists, comparisons, <c>and</c>/<c>or</c>/<c>not</c> and a handful of
/// named functions. No assignment, no loops, no arbitrary calls: a pack author can't write a program,
/// and every expression is parsed (and its names checked) when the pack loads, not when a customer
/// is waiting.
/// </summary>
public sealed class ProcedureExpression
{
    /// <summary>The functions the language knows, with what each takes: the validator lists them back.</summary>
    public static readonly IReadOnlyDictionary<string, string> Functions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["days_since"] = "whole days from a date-time to now (null when the date is missing)",
        ["any"] = "true when any value of a list is true, non-empty and non-zero",
        ["all"] = "true when every value of a list is (an empty list is true)",
        ["count"] = "how many values in a list are true, non-empty and non-zero",
        ["exists"] = "true when the value is there (not null, not an empty list)",
    };

    private readonly Node _root;

    private ProcedureExpression(string text, Node root, IReadOnlyList<string> names)
    {
        Text = text;
        _root = root;
        Names = names;
    }

    public string Text { get; }

    /// <summary>The first name of every path used (e.g. order, order_number): the validator checks each is a slot or a lookup.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Parses the text or throws <see cref="ExpressionException"/> naming the problem and where.</summary>
    public static ProcedureExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var root = parser.ParseAll();
        return new ProcedureExpression(text, root, [.. parser.Names.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>Evaluates over the variables (slot values and lookup results by name); true only when the result is truthy.</summary>
    public bool IsTrue(IReadOnlyDictionary<string, JsonNode?> variables, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return Truthy(_root.Evaluate(new Scope(variables, now)));
    }

    public override string ToString() => Text;

    internal static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        _ => true,
    };

    private sealed record Scope(IReadOnlyDictionary<string, JsonNode?> Variables, DateTimeOffset Now);

    private abstract class Node
    {
        public abstract object? Evaluate(Scope scope);
    }

    private sealed class Literal(object? value) : Node
    {
        public override object? Evaluate(Scope scope) => value;
    }

    private sealed class ListNode(IReadOnlyList<Node> items) : Node
    {
        public override object? Evaluate(Scope scope) => items.Select(i => i.Evaluate(scope)).ToList();
    }

    private sealed class PathNode(IReadOnlyList<string> parts) : Node
    {
        public override object? Evaluate(Scope scope)
        {
            if (!scope.Variables.TryGetValue(parts[0], out var start))
            {
                return null;
            }
            var current = start;
            foreach (var part in parts.Skip(1))
            {
                current = Step(current, part);
            }
            return FromJson(current);
        }

        // A path through a list maps over it, so order.items.personalisation is every item's personalisation.
        private static JsonNode? Step(JsonNode? current, string name) => current switch
        {
            JsonObject obj => obj.TryGetPropertyValue(name, out var child) ? child : null,
            JsonArray array => new JsonArray([.. array.Select(item => Step(item, name)?.DeepClone())]),
            _ => null,
        };
    }

    private sealed class Not(Node inner) : Node
    {
        public override object? Evaluate(Scope scope) => !Truthy(inner.Evaluate(scope));
    }

    private sealed class Logical(Node left, Node right, bool isAnd) : Node
    {
        public override object? Evaluate(Scope scope) => isAnd
            ? Truthy(left.Evaluate(scope)) && Truthy(right.Evaluate(scope))
            : Truthy(left.Evaluate(scope)) || Truthy(right.Evaluate(scope));
    }

    private sealed class Comparison(Node left, string op, Node right) : Node
    {
        public override object? Evaluate(Scope scope)
        {
            var a = left.Evaluate(scope);
            var b = right.Evaluate(scope);
            switch (op)
            {
                case "==":
                    return Equal(a, b);
                case "!=":
                    return !Equal(a, b);
                case "in":
                    return b is List<object?> list && list.Exists(item => Equal(a, item));
                case "not in":
                    return b is not List<object?> other || !other.Exists(item => Equal(a, item));
                default:
                    // Ordering needs two numbers; anything else (a missing date, a word) is false, so a
                    // check on data that isn't there fails closed.
                    if (a is not double x || b is not double y)
                    {
                        return false;
                    }
                    return op switch
                    {
                        "<" => x < y,
                        "<=" => x <= y,
                        ">" => x > y,
                        ">=" => x >= y,
                        _ => false,
                    };
            }
        }

        private static bool Equal(object? a, object? b) => (a, b) switch
        {
            (null, null) => true,
            (double x, double y) => x == y,
            (string x, string y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase),
            (bool x, bool y) => x == y,
            _ => false,
        };
    }

    private sealed class Call(string name, Node argument) : Node
    {
        public override object? Evaluate(Scope scope)
        {
            var value = argument.Evaluate(scope);
            var list = value as List<object?> ?? (value is null ? [] : [value]);
            return name switch
            {
                "days_since" => DaysSince(value, scope.Now),
                "any" => list.Exists(Truthy),
                "all" => list.TrueForAll(Truthy),
                "count" => (double)list.Count(Truthy),
                "exists" => value is not null && value is not List<object?> { Count: 0 },
                _ => null,
            };
        }

        private static double? DaysSince(object? value, DateTimeOffset now)
        {
            if (value is not string text || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var then))
            {
                return null;
            }
            // Whole days, rounded down: "within 30 days" includes the whole of the 30th day.
            return Math.Floor((now - then).TotalDays);
        }
    }

    private static object? FromJson(object? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(FromJson).ToList(),
        JsonObject obj => obj,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.GetValue<double>(),
            JsonValueKind.String => value.GetValue<string>(),
            _ => null,
        },
        _ => null,
    };

    private sealed class Parser(string text)
    {
        private int _pos;

        public List<string> Names { get; } = [];

        public Node ParseAll()
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new ExpressionException("the expression is empty", 0);
            }
            var node = ParseOr();
            SkipSpace();
            if (_pos < text.Length)
            {
                throw new ExpressionException($"unexpected '{Rest()}' at character {_pos + 1}", _pos);
            }
            return node;
        }

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (TryKeyword("or"))
            {
                left = new Logical(left, ParseAnd(), isAnd: false);
            }
            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseUnary();
            while (TryKeyword("and"))
            {
                left = new Logical(left, ParseUnary(), isAnd: true);
            }
            return left;
        }

        private Node ParseUnary()
        {
            if (TryKeyword("not"))
            {
                return new Not(ParseUnary());
            }
            return ParseComparison();
        }

        private Node ParseComparison()
        {
            var left = ParseOperand();
            SkipSpace();
            foreach (var op in (string[])["==", "!=", "<=", ">=", "<", ">"])
            {
                if (string.CompareOrdinal(text, _pos, op, 0, op.Length) == 0)
                {
                    _pos += op.Length;
                    return new Comparison(left, op, ParseOperand());
                }
            }
            var save = _pos;
            if (TryKeyword("not"))
            {
                if (TryKeyword("in"))
                {
                    return new Comparison(left, "not in", ParseOperand());
                }
                _pos = save;
            }
            if (TryKeyword("in"))
            {
                return new Comparison(left, "in", ParseOperand());
            }
            return left;
        }

        private Node ParseOperand()
        {
            SkipSpace();
            if (_pos >= text.Length)
            {
                throw new ExpressionException("the expression ends where a value was expected", _pos);
            }
            var c = text[_pos];
            if (c == '(')
            {
                _pos++;
                var inner = ParseOr();
                Expect(')');
                return inner;
            }
            if (c == '[')
            {
                return ParseList();
            }
            if (c is '\'' or '"')
            {
                return new Literal(ParseString());
            }
            if (char.IsDigit(c) || (c == '-' && _pos + 1 < text.Length && char.IsDigit(text[_pos + 1])))
            {
                return new Literal(ParseNumber());
            }
            if (IsNameStart(c))
            {
                var start = _pos;
                var name = ParseName();
                switch (name)
                {
                    case "true":
                        return new Literal(true);
                    case "false":
                        return new Literal(false);
                    case "null":
                        return new Literal(null);
                    case "and" or "or" or "not" or "in":
                        throw new ExpressionException($"'{name}' at character {start + 1} needs a value before it", start);
                }
                SkipSpace();
                if (_pos < text.Length && text[_pos] == '(')
                {
                    if (!Functions.ContainsKey(name))
                    {
                        throw new ExpressionException($"unknown function '{name}' at character {start + 1}: the functions are {string.Join(", ", Functions.Keys)}", start);
                    }
                    _pos++;
                    var argument = ParseOr();
                    Expect(')');
                    return new Call(name, argument);
                }
                var parts = new List<string> { name };
                while (_pos < text.Length && text[_pos] == '.')
                {
                    _pos++;
                    if (_pos >= text.Length || !IsNameStart(text[_pos]))
                    {
                        throw new ExpressionException($"a name must follow '.' at character {_pos}", _pos);
                    }
                    parts.Add(ParseName());
                }
                Names.Add(name);
                return new PathNode(parts);
            }
            throw new ExpressionException($"unexpected '{Rest()}' at character {_pos + 1}", _pos);
        }

        private ListNode ParseList()
        {
            _pos++; // [
            var items = new List<Node>();
            SkipSpace();
            if (_pos < text.Length && text[_pos] == ']')
            {
                _pos++;
                return new ListNode(items);
            }
            while (true)
            {
                SkipSpace();
                if (_pos >= text.Length)
                {
                    throw new ExpressionException("the list is not closed with ']'", _pos);
                }
                var c = text[_pos];
                if (c is '\'' or '"')
                {
                    items.Add(new Literal(ParseString()));
                }
                else if (char.IsDigit(c) || c == '-')
                {
                    items.Add(new Literal(ParseNumber()));
                }
                else if (IsNameStart(c))
                {
                    // A bare word in a list is a word, so [processing, dispatched] reads as written.
                    items.Add(new Literal(ParseName()));
                }
                else
                {
                    throw new ExpressionException($"unexpected '{Rest()}' in a list at character {_pos + 1}: list items are words, quoted text or numbers", _pos);
                }
                SkipSpace();
                if (_pos < text.Length && text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }
                Expect(']');
                return new ListNode(items);
            }
        }

        private string ParseString()
        {
            var quote = text[_pos];
            var start = _pos;
            _pos++;
            var builder = new StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                builder.Append(text[_pos]);
                _pos++;
            }
            if (_pos >= text.Length)
            {
                throw new ExpressionException($"the text starting at character {start + 1} is not closed with {quote}", start);
            }
            _pos++;
            return builder.ToString();
        }

        private double ParseNumber()
        {
            var start = _pos;
            if (text[_pos] == '-')
            {
                _pos++;
            }
            while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.'))
            {
                _pos++;
            }
            if (!double.TryParse(text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw new ExpressionException($"'{text[start.._pos]}' at character {start + 1} is not a number", start);
            }
            return number;
        }

        private string ParseName()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }
            return text[start.._pos];
        }

        private bool TryKeyword(string keyword)
        {
            SkipSpace();
            var end = _pos + keyword.Length;
            if (end <= text.Length && string.CompareOrdinal(text, _pos, keyword, 0, keyword.Length) == 0
                && (end == text.Length || !(char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')))
            {
                _pos = end;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (_pos >= text.Length || text[_pos] != c)
            {
                throw new ExpressionException(_pos >= text.Length
                    ? $"the expression ends where '{c}' was expected"
                    : $"expected '{c}' at character {_pos + 1}, found '{Rest()}'", _pos);
            }
            _pos++;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private string Rest() => text[_pos..].Length <= 20 ? text[_pos..] : string.Concat(text.AsSpan(_pos, 20), "...");

        private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';
    }
}
