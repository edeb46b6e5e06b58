using System.Buffers.Binary;

namespace Splade.Checkpoints.Weights;

/// <summary>
/// An unpickler for PyTorch state dicts that executes nothing: it interprets the pickle opcodes into plain values, and a
/// <c>GLOBAL</c> is accepted only when it names one of the few tensor-rebuilding functions and storage types on the allow list.
/// </summary>
/// <remarks>
/// Python's own unpickler imports and calls whatever a pickle names, which is how a malicious <c>pytorch_model.bin</c> runs code.
/// Here a global is only a name: <c>REDUCE</c> on an allowed one is evaluated by this class (an empty OrderedDict, a tensor view
/// of a storage), and any other global stops the read with an error naming it, before anything else happens.
/// </remarks>
internal sealed class SafeUnpickler
{
    /// <summary>The globals a state dict may name, and nothing else.</summary>
    public static readonly IReadOnlySet<string> AllowedGlobals = new HashSet<string>(StringComparer.Ordinal)
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        "torch.FloatStorage",
        "torch.HalfStorage",
        "torch.BFloat16Storage",
        "torch.DoubleStorage",
        "torch.LongStorage",
        "torch.IntStorage",
        "torch.ShortStorage",
        "torch.CharStorage",
        "torch.ByteStorage",
        "torch.BoolStorage",
    };

    private readonly byte[] _data;
    private readonly string _source;
    private readonly List<object?> _stack = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;

    private SafeUnpickler(byte[] data, string source)
    {
        _data = data;
        _source = source;
    }

    /// <summary>Interprets a pickle and returns its top value.</summary>
    /// <exception cref="CheckpointException">The pickle names a global outside the allow list, uses an unsupported opcode or is malformed.</exception>
    public static object? Load(byte[] data, string source) => new SafeUnpickler(data, source).Run();

    private object? Run()
    {
        while (true)
        {
            if (_position >= _data.Length)
            {
                throw Bad("the pickle ends without a STOP opcode; the file is truncated.");
            }

            var at = _position;
            var opcode = _data[_position++];
            switch (opcode)
            {
                case 0x80: _position++; break; // PROTO
                case 0x95: _position += 8; break; // FRAME
                case (byte)'.': return Pop(); // STOP
                case (byte)'(': _stack.Add(PickleMark.Instance); break;
                case (byte)')': _stack.Add(Array.Empty<object?>()); break;
                case (byte)'t': _stack.Add(PopToMark().ToArray()); break;
                case 0x85: _stack.Add(new[] { Pop() }); break;
                case 0x86: { var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b, c }); break; }
                case (byte)']': _stack.Add(new List<object?>()); break;
                case (byte)'l': _stack.Add(PopToMark()); break;
                case (byte)'a': { var item = Pop(); AsList(Peek(), at).Add(item); break; }
                case (byte)'e': { var items = PopToMark(); AsList(Peek(), at).AddRange(items); break; }
                case (byte)'}': _stack.Add(new PickleDict()); break;
                case (byte)'d': { var items = PopToMark(); var dict = new PickleDict(); AddPairs(dict, items, at); _stack.Add(dict); break; }
                case (byte)'s': { var value = Pop(); var key = Pop(); AsDict(Peek(), at).Items.Add(new(key, value)); break; }
                case (byte)'u': { var items = PopToMark(); AddPairs(AsDict(Peek(), at), items, at); break; }
                case (byte)'q': _memo[_data[_position++]] = Peek(); break;
                case (byte)'r': _memo[ReadUInt32()] = Peek(); break;
                case 0x94: _memo[_memo.Count] = Peek(); break; // MEMOIZE
                case (byte)'h': _stack.Add(Memo(_data[_position++], at)); break;
                case (byte)'j': _stack.Add(Memo(ReadUInt32(), at)); break;
                case (byte)'J': _stack.Add((long)(int)ReadUInt32()); break;
                case (byte)'K': _stack.Add((long)_data[_position++]); break;
                case (byte)'M': _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case 0x8a: _stack.Add(ReadLong1(at)); break;
                case (byte)'G': _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                case (byte)'N': _stack.Add(null); break;
                case 0x88: _stack.Add(true); break;
                case 0x89: _stack.Add(false); break;
                case (byte)'X': _stack.Add(System.Text.Encoding.UTF8.GetString(Take((int)ReadUInt32()))); break;
                case 0x8c: _stack.Add(System.Text.Encoding.UTF8.GetString(Take(_data[_position++]))); break;
                case 0x8d: _stack.Add(System.Text.Encoding.UTF8.GetString(Take(checked((int)BinaryPrimitives.ReadUInt64LittleEndian(Take(8)))))); break;
                case (byte)'U': _stack.Add(System.Text.Encoding.Latin1.GetString(Take(_data[_position++]))); break;
                case (byte)'T': _stack.Add(System.Text.Encoding.Latin1.GetString(Take((int)ReadUInt32()))); break;
                case (byte)'C': _stack.Add(Take(_data[_position++]).ToArray()); break;
                case (byte)'B': _stack.Add(Take((int)ReadUInt32()).ToArray()); break;
                case (byte)'c': { var module = ReadLine(); var name = ReadLine(); _stack.Add(Global(module, name, at)); break; }
                case 0x93: { var name = Pop() as string; var module = Pop() as string; _stack.Add(Global(module ?? "?", name ?? "?", at)); break; }
                case (byte)'R': { var args = Pop(); var callable = Pop(); _stack.Add(Reduce(callable, args, at)); break; }
                case (byte)'b': Pop(); break; // BUILD: the state of an OrderedDict (its _metadata) or a parameter is not needed.
                case (byte)'Q': _stack.Add(PersistentLoad(Pop(), at)); break;
                case (byte)'0': Pop(); break;
                case (byte)'1': PopToMark(); break;
                case (byte)'2': _stack.Add(Peek()); break;
                default:
                    throw Bad($"opcode 0x{opcode:x2} at byte {at} is not supported by the safe unpickler (a state dict of tensors does not need it).");
            }
        }
    }

    private PickleGlobal Global(string module, string name, int at)
    {
        var global = new PickleGlobal(module, name);
        return AllowedGlobals.Contains(global.FullName)
            ? global
            : throw Bad(
                $"the pickle asks for the global {global.FullName} (byte {at}), which is not on the allow list of tensor-rebuilding globals; it was not " +
                "loaded or run. Only plain state dicts of tensors are read.");
    }

    private object? Reduce(object? callable, object? args, int at)
    {
        if (callable is not PickleGlobal global || args is not object?[] arguments)
        {
            throw Bad($"REDUCE at byte {at} applies {Describe(callable)} to {Describe(args)}; only allowed globals can be applied.");
        }

        switch (global.FullName)
        {
            case "collections.OrderedDict" when arguments.Length == 0:
                return new PickleDict();
            case "torch._utils._rebuild_tensor_v2" when arguments.Length >= 4 && arguments[0] is PickleStorage storage:
                return new PickleTensor(storage, ToLong(arguments[1], at), ToLongs(arguments[2], at), ToLongs(arguments[3], at));
            case "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state" when arguments.Length >= 1
                && arguments[0] is PickleTensor tensor:
                return tensor;
            default:
                throw Bad($"REDUCE at byte {at} calls {global.FullName} with arguments this reader does not recognise.");
        }
    }

    private PickleStorage PersistentLoad(object? pid, int at)
    {
        if (pid is object?[] { Length: >= 5 } parts && parts[0] is "storage" && parts[1] is PickleGlobal type && parts[2] is string key)
        {
            var dtype = type.Name switch
            {
                "FloatStorage" => WeightDType.Float32,
                "HalfStorage" => WeightDType.Float16,
                "BFloat16Storage" => WeightDType.BFloat16,
                "DoubleStorage" => WeightDType.Float64,
                "LongStorage" => WeightDType.Int64,
                "IntStorage" => WeightDType.Int32,
                "ShortStorage" => WeightDType.Int16,
                "CharStorage" => WeightDType.Int8,
                "ByteStorage" => WeightDType.UInt8,
                _ => WeightDType.Bool,
            };
            return new PickleStorage(dtype, key, ToLong(parts[4], at));
        }

        throw Bad($"the persistent id at byte {at} is not a tensor storage reference: {Describe(pid)}.");
    }

    private static void AddPairs(PickleDict dict, List<object?> items, int at)
    {
        if (items.Count % 2 != 0)
        {
            throw new CheckpointException($"SETITEMS at byte {at} has an odd number of items.");
        }

        for (var i = 0; i < items.Count; i += 2)
        {
            dict.Items.Add(new(items[i], items[i + 1]));
        }
    }

    private List<object?> AsList(object? value, int at) => value as List<object?> ?? throw Bad($"APPEND at byte {at} targets {Describe(value)}, not a list.");

    private PickleDict AsDict(object? value, int at) => value as PickleDict ?? throw Bad($"SETITEM at byte {at} targets {Describe(value)}, not a dict.");

    private object? Memo(long key, int at)
        => _memo.TryGetValue(key, out var value) ? value : throw Bad($"memo entry {key} read at byte {at} was never stored.");

    private object? Pop()
    {
        if (_stack.Count == 0)
        {
            throw Bad($"the pickle pops an empty stack at byte {_position}.");
        }

        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Bad($"the pickle reads an empty stack at byte {_position}.");

    private List<object?> PopToMark()
    {
        var mark = _stack.LastIndexOf(PickleMark.Instance);
        if (mark < 0)
        {
            throw Bad($"no MARK on the stack at byte {_position}.");
        }

        var items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw Bad($"the pickle ends inside an argument at byte {_position}; the file is truncated.");
        }

        var span = _data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    private string ReadLine()
    {
        var end = Array.IndexOf(_data, (byte)'\n', _position);
        if (end < 0)
        {
            throw Bad($"GLOBAL at byte {_position} has no line end.");
        }

        var text = System.Text.Encoding.UTF8.GetString(_data, _position, end - _position);
        _position = end + 1;
        return text;
    }

    private long ReadLong1(int at)
    {
        var length = _data[_position++];
        var bytes = Take(length);
        if (length > 8)
        {
            throw Bad($"LONG1 at byte {at} holds an integer of {length} bytes.");
        }

        long value = 0;
        for (var i = length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0)
        {
            value -= 1L << (8 * length);
        }

        return value;
    }

    private long ToLong(object? value, int at) => value is long number ? number : throw Bad($"expected an integer at byte {at}, found {Describe(value)}.");

    private long[] ToLongs(object? value, int at)
    {
        if (value is not object?[] items)
        {
            throw Bad($"expected a tuple of integers at byte {at}, found {Describe(value)}.");
        }

        var result = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            result[i] = ToLong(items[i], at);
        }

        return result;
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        PickleGlobal global => global.FullName,
        string text => $"'{text}'",
        object?[] tuple => $"a tuple of {tuple.Length}",
        _ => value.GetType().Name,
    };

    private CheckpointException Bad(string problem) => new($"{_source}: {problem}") { FilePath = _source };
}
