using Google.Protobuf;

namespace NeuralIk.Onnx;

/// <summary>
/// The few onnx.proto messages an MLP needs, encoded by hand with protobuf's wire format: each
/// message is built into a buffer and written as a length-delimited field of its parent.
/// Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, …).
/// </summary>
internal static class Proto
{
    public static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    public static void Bytes(this CodedOutputStream o, int field, byte[] value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(value));
    }

    public static void String(this CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    public static void Int64(this CodedOutputStream o, int field, long value)
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt64(value);
    }

    public static void Int32(this CodedOutputStream o, int field, int value)
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt32(value);
    }

    public static void Float(this CodedOutputStream o, int field, float value)
    {
        o.WriteTag(field, WireFormat.WireType.Fixed32);
        o.WriteFloat(value);
    }

    // TensorProto: dims = 1, data_type = 2 (FLOAT = 1), name = 8, raw_data = 9 (little-endian floats).
    public static byte[] FloatTensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * i), values[i]);
        return Message(o =>
        {
            foreach (var d in dims)
                o.Int64(1, d);
            o.Int32(2, 1);
            o.String(8, name);
            o.Bytes(9, raw);
        });
    }

    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
    public static byte[] Node(string op, string name, string[] inputs, string[] outputs,
        params byte[][] attributes) => Message(o =>
    {
        foreach (var i in inputs)
            o.String(1, i);
        foreach (var x in outputs)
            o.String(2, x);
        o.String(3, name);
        o.String(4, op);
        foreach (var a in attributes)
            o.Bytes(5, a);
    });

    // AttributeProto: name = 1, i = 3, type = 20 (INT = 2); f = 2, type FLOAT = 1.
    public static byte[] IntAttribute(string name, long value) => Message(o =>
    {
        o.String(1, name);
        o.Int64(3, value);
        o.Int32(20, 2);
    });

    public static byte[] FloatAttribute(string name, float value) => Message(o =>
    {
        o.String(1, name);
        o.Float(2, value);
        o.Int32(20, 1);
    });

    // ValueInfoProto{name = 1, type = 2: TypeProto{tensor_type = 1: {elem_type = 1, shape = 2: {dim = 1: {dim_value = 1
    // | dim_param = 2}}}}}
    public static byte[] FloatInput(string name, string batchName, long width) => Message(o =>
    {
        o.String(1, name);
        o.Bytes(2, Message(type => type.Bytes(1, Message(tensor =>
        {
            tensor.Int32(1, 1);
            tensor.Bytes(2, Message(shape =>
            {
                shape.Bytes(1, Message(d => d.String(2, batchName)));
                shape.Bytes(1, Message(d => d.Int64(1, width)));
            }));
        }))));
    });
}
