using System.Reflection;
using System.Reflection.Emit;

namespace NeuralIk.Tests.Support;

/// <summary>
/// The types one type uses, read from its compiled form: base types, interfaces, fields, signatures,
/// and every type, method and field token in its method bodies (closures and lambdas are nested types,
/// so they count for the type that wrote them). What the compiler emitted, so a fully qualified name
/// or a `using` alias cannot hide a dependency the way it can from a text search.
/// </summary>
public static class TypeReferences
{
    const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IEnumerable<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t))
                return;
            Add(t.GetElementType());
            if (t.IsGenericType)
            {
                foreach (var argument in t.GetGenericArguments())
                    Add(argument);
            }
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
            Add(i);
        foreach (var f in type.GetFields(Everything))
            Add(f.FieldType);
        foreach (var p in type.GetProperties(Everything))
            Add(p.PropertyType);
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
                Add(info.ReturnType);
            foreach (var parameter in method.GetParameters())
                Add(parameter.ParameterType);
            foreach (var t in BodyTypes(method))
                Add(t);
        }
        return found;
    }

    // Walks the IL opcode by opcode and resolves each token operand to the type it names or belongs to.
    static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
            yield break;
        foreach (var local in body.LocalVariables)
            yield return local.LocalType;
        var il = body.GetILAsByteArray() ?? [];
        var module = method.Module;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            var size = OperandSize(op, il, at);
            if (op.OperandType is OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod
                or OperandType.InlineField)
            {
                var token = BitConverter.ToInt32(il, at);
                var member = Resolve(module, token, typeArgs, methodArgs);
                if (member is Type t)
                    yield return t;
                else if (member is not null)
                {
                    yield return member.DeclaringType!;
                    if (member is FieldInfo f)
                        yield return f.FieldType;
                    if (member is MethodInfo m)
                    {
                        yield return m.ReturnType;
                        foreach (var g in m.IsGenericMethod ? m.GetGenericArguments() : [])
                            yield return g;
                    }
                }
            }
            at += size;
        }
    }

    static MemberInfo? Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try
        {
            return module.ResolveMember(token, typeArgs, methodArgs);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
