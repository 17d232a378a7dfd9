package org.dinoscope.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnpicklerTest {

    /**
     * {@code pickle.dumps(obj, protocol=p)} for p = 0..5 by CPython 3.11, where obj = {'a': [1, 2.5, 'x', None,
     * True, (1, 2)], 'b': 'é\n\\', 'c': 2**70, 'd': -5, 'e': b'by', 'f': {3, 4}, 'g': frozenset([5]),
     * 'h': OrderedDict([('k', -2**40)]), 'i': argparse.Namespace(lr=0.5), 'j': float('inf'), 'k': 65535,
     * 'l': 1 << 31}.
     */
    static final String[] PICKLES = {
        "286470300a56610a70310a286c70320a49310a6146322e350a6156780a70330a614e614930310a612849310a49320a7470340a"
            + "617356620a70350a56e95c75303030615c75303035630a70360a7356630a70370a4c31313830353931363230373137343131"
            + "33303334323" + "44c0a7356640a70380a492d350a7356650a70390a635f636f646563730a656e636f64650a7031300a28"
            + "5662790a7031310a566c6174696e310a7031320a747031330a527031340a7356660a7031350a635f5f6275696c74696e5f5f"
            + "0a7365740a7031360a28286c7031370a49330a6149340a61747031380a527031390a7356670a7032300a635f5f6275696c74"
            + "696e5f5f0a66726f7a656e7365740a7032310a28286c7032320a49350a61747032330a527032340a7356680a7032350a6363"
            + "6f6c6c656374696f6e730a4f726465726564446963740a7032360a2874527032370a566b0a7032380a4c2d31303939353131"
            + "3632373737364c0a737356690a7032390a63636f70795f7265670a5f7265636f6e7374727563746f720a7033300a28636172"
            + "67706172736" + "50a4e616d6573706163650a7033310a635f5f6275696c74696e5f5f0a6f626a6563740a7033320a4e74"
            + "7033330a527033340a28647033350a566c720a7033360a46302e350a736273566a0a7033370a46696e660a736732380a4936"
            + "353533350a73566c0a7033380a4c323134373438333634384c0a732e",
        "7d71002858010000006171015d7102284b0147400400000000000058010000007871034e4930310a284b014b0274710465580100"
            + "00006271055804000000c3a90a5c710658010000006371074c313138303539313632303731373431313330333432344c0a58"
            + "010000006471084afbffffff5801000000657109635f636f646563730a656e636f64650a710a2858020000006279710b5806"
            + "0000006c6174696e31710c74710d52710e580100000066710f635f5f6275696c74696e5f5f0a7365740a7110285d7111284b"
            + "034b04657471125271135801000000677114635f5f6275696c74696e5f5f0a66726f7a656e7365740a7115285d71164b0561"
            + "747117527118580100000068711963636f6c6c656374696f6e730a4f726465726564446963740a711a2952711b5801000000"
            + "6b711c4c2d313039393531313632373737364c0a73580100000069711d63636f70795f7265670a5f7265636f6e7374727563"
            + "746f720a711e286361726770617273650a4e616d6573706163650a711f635f5f6275696c74696e5f5f0a6f626a6563740a71"
            + "204e7471215271227d712358020000006c727124473fe0000000000000736258010000006a7125477ff00000000000006"
            + "81c4dffff58010000006c71264c323134373438333634384c0a752e",
        "80027d71002858010000006171015d7102284b0147400400000000000058010000007871034e884b014b02867104655801000000"
            + "6271055804000000c3a90a5c710658010000006371078a0900000000000000004058010000006471084afbffffff58010000"
            + "00657109635f636f646563730a656e636f64650a710a58020000006279710b58060000006c6174696e31710c86710d52710e"
            + "580100000066710f635f5f6275696c74696e5f5f0a7365740a71105d7111284b034b04658571125271135801000000677114"
            + "635f5f6275696c74696e5f5f0a66726f7a656e7365740a71155d71164b0561857117527118580100000068711963636f6c6c"
            + "656374696f6e730a4f726465726564446963740a711a2952711b58010000006b711c8a060000000000ff7358010000006971"
            + "1d6361726770617273650a4e616d6573706163650a711e2981711f7d712058020000006c727121473fe00000000000007362"
            + "58010000006a7122477ff0000000000000681c4dffff58010000006c71238a050000008000752e",
        "80037d71002858010000006171015d7102284b0147400400000000000058010000007871034e884b014b02867104655801000000"
            + "6271055804000000c3a90a5c710658010000006371078a0900000000000000004058010000006471084afbffffff58010000"
            + "00657109430262797" + "10a580100000066710b636275696c74696e730a7365740a710c5d710d284b034b046585710e52"
            + "710f5801000000677110636275696c74696e730a66726f7a656e7365740a71115d71124b0561857113527114580100000068"
            + "711563636f6c6c656374696f6e730a4f726465726564446963740a71162952711758010000006b71188a060000000000ff73"
            + "58010000006971196361726770617273650a4e616d6573706163650a711a2981711b7d711c58020000006c72711d473fe000"
            + "0000000000736258010000006a711e477ff000000000000068184dffff58010000006c711f8a050000008000752e",
        "800495e6000000000000007d94288c0161945d94284b014740040000000000008c0178944e884b014b028694658c0162948c04c3"
            + "a90a5c948c0163948a090000000000000000408c0164944afbffffff8c01659443026279948c0166948f94284b034b04908c"
            + "016794284b0591948c0168948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c016b948a"
            + "060000000000ff738c0169948c086172677061727365948c094e616d6573706163659493942981947d948c026c7294473fe0"
            + "00000000000073628c016a94477ff000000000000068144dffff8c016c948a050000008000752e",
        "800595e6000000000000007d94288c0161945d94284b014740040000000000008c0178944e884b014b028694658c0162948c04c3"
            + "a90a5c948c0163948a090000000000000000408c0164944afbffffff8c01659443026279948c0166948f94284b034b04908c"
            + "016794284b0591948c0168948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c016b948a"
            + "060000000000ff738c0169948c086172677061727365948c094e616d6573706163659493942981947d948c026c7294473fe0"
            + "00000000000073628c016a94477ff000000000000068144dffff8c016c948a050000008000752e",
    };

    static byte[] hex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static Object unpickle(byte[] data) throws CheckpointException {
        return new Unpickler(data, "test.pkl", "test.pkl", pid -> {
            throw new CheckpointException("no persistent ids here");
        }).load();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void everyProtocolGivesTheSameValues(int protocol) throws CheckpointException {
        Object o = unpickle(hex(PICKLES[protocol]));
        assertInstanceOf(Map.class, o);
        Map<?, ?> m = (Map<?, ?>) o;
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"), new ArrayList<>(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(2.5, a.get(1));
        assertEquals("x", a.get(2));
        assertNull(a.get(3));
        assertEquals(Boolean.TRUE, a.get(4));
        assertTrue(Values.isTuple(a.get(5)));
        assertEquals(List.of(1L, 2L), a.get(5));
        assertEquals("é\n\\", m.get("b"));
        assertEquals(BigInteger.ONE.shiftLeft(70), m.get("c"));
        assertEquals(-5L, m.get("d"));
        assertArrayEquals("by".getBytes(StandardCharsets.US_ASCII), (byte[]) m.get("e"));
        assertEquals(Set.of(3L, 4L), m.get("f"));
        assertEquals(Set.of(5L), m.get("g"));
        assertEquals(Map.of("k", -(1L << 40)), m.get("h"));
        Placeholder ns = (Placeholder) m.get("i");
        assertEquals("argparse.Namespace", ns.qualifiedName());
        assertFalse(ns.isClass());
        assertEquals(Map.of("lr", 0.5), ns.state());
        assertEquals(Double.POSITIVE_INFINITY, m.get("j"));
        assertEquals(65535L, m.get("k"));
        assertEquals(1L << 31, m.get("l"));
    }

    @Test
    void protocolZeroStringAndInstAndObj() throws CheckpointException {
        byte[] p = ("(dp0\nS'a\\n\\x41\\'\\101'\np1\ng1\ns"
                + "S'inst'\n(I7\nimyapp.config\nConfig\ns"
                + "S'obj'\n(cmyapp.config\nOther\nI8\nos"
                + "S'float'\nF-1.25\nsI01\nI00\ns.").getBytes(StandardCharsets.ISO_8859_1);
        Map<?, ?> m = (Map<?, ?>) unpickle(p);
        assertEquals("a\nA'A", m.get("a\nA'A"));
        Placeholder inst = (Placeholder) m.get("inst");
        assertEquals("myapp.config.Config", inst.qualifiedName());
        assertEquals(List.of(7L), inst.args());
        Placeholder obj = (Placeholder) m.get("obj");
        assertEquals("myapp.config.Other", obj.qualifiedName());
        assertEquals(List.of(8L), obj.args());
        assertEquals(-1.25, m.get("float"));
        assertEquals(Boolean.FALSE, m.get(Boolean.TRUE));
    }

    @Test
    void placeholdersAbsorbCallsBuildAndItems() throws CheckpointException {
        // numpy scalar via REDUCE, an optimizer class via NEWOBJ + BUILD, a dict subclass with SETITEMS
        byte[] p = new PickleWriter().proto(2).emptyDict().mark()
                .str("np").global("numpy.core.multiarray", "scalar").mark()
                .global("numpy", "dtype").mark().str("f8").tuple().reduce().str("bytes").tuple().reduce()
                .str("opt").global("torch.optim.adamw", "AdamW").emptyTuple().op(0x81).emptyDict().mark()
                .str("lr").integer(3).setitems().op('b')
                .str("dd").global("mylib", "AttrDict").emptyTuple().reduce().mark().str("k").integer(1).setitems()
                .setitems().stop().bytes();
        Map<?, ?> m = (Map<?, ?>) unpickle(p);
        assertEquals("numpy.core.multiarray.scalar", ((Placeholder) m.get("np")).qualifiedName());
        Placeholder opt = (Placeholder) m.get("opt");
        assertEquals("torch.optim.adamw.AdamW", opt.qualifiedName());
        assertEquals(Map.of("lr", 3L), opt.state());
        assertEquals(Map.of("k", 1L), ((Placeholder) m.get("dd")).items());
    }

    @ParameterizedTest
    @CsvSource({"os, system", "posix, system", "nt, system", "subprocess, Popen", "builtins, eval",
        "builtins, exec", "__builtin__, getattr", "builtins, __import__", "builtins, compile", "builtins, open",
        "builtins, setattr", "shutil, rmtree", "socket, create_connection", "importlib, import_module",
        "importlib.util, find_spec", "pickle, loads", "_pickle, loads", "marshal, loads", "runpy, run_module",
        "code, InteractiveInterpreter", "pty, spawn", "sys, modules", "types, FunctionType", "ctypes, CDLL",
        "torch, serialization.os.system", "numpy, load", "operator, attrgetter", "webbrowser, open"})
    void forbiddenGlobals(String module, String name) {
        assertTrue(PickleGlobals.isForbidden(module, name), module + "." + name);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> PickleGlobals.resolve(module, name, "x.pt"));
        assertTrue(e.getMessage().contains("x.pt") && e.getMessage().contains(module + "." + name), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"argparse, Namespace", "numpy.core.multiarray, scalar", "numpy.core.multiarray, _reconstruct",
        "numpy, dtype", "numpy, ndarray", "torch.optim.adamw, AdamW", "pathlib, PosixPath",
        "types, SimpleNamespace", "functools, partial", "builtins, set", "__builtin__, object",
        "builtins, slice", "copyreg, _reconstructor", "collections, OrderedDict", "torch, device",
        "torch._utils, _rebuild_tensor_v2", "torch, BFloat16Storage", "torch, float16", "__main__, Config"})
    void harmlessGlobals(String module, String name) throws CheckpointException {
        assertFalse(PickleGlobals.isForbidden(module, name), module + "." + name);
        PickleGlobals.resolve(module, name, "x.pt");
    }

    @Test
    void markDepthIsCapped() {
        byte[] p = new byte[50];
        java.util.Arrays.fill(p, (byte) '(');
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new Unpickler(p, "t.pkl", "t.pkl", null, 1000, 1000, 10).load());
        assertTrue(e.getMessage().contains("t.pkl") && e.getMessage().contains("MARK"), e.getMessage());
    }

    @Test
    void stackIsCapped() {
        byte[] p = new byte[50];
        java.util.Arrays.fill(p, (byte) 'N');
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new Unpickler(p, "t.pkl", "t.pkl", null, 20, 1000, 10).load());
        assertTrue(e.getMessage().contains("stack"), e.getMessage());
    }

    @Test
    void memoIsCapped() {
        PickleWriter w = new PickleWriter().proto(2).op('N');
        for (int i = 0; i < 30; i++) {
            w.op('r').le32(i * 1000);
        }
        byte[] p = w.stop().bytes();
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new Unpickler(p, "t.pkl", "t.pkl", null, 1000, 20, 10).load());
        assertTrue(e.getMessage().contains("memo"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8002", // no STOP
        "80027d7100", // no STOP after a dict
        "8002752e", // SETITEMS without MARK
        "80026801", // BINGET of a memo entry never stored
        "80028a09ff", // LONG1 claiming 9 bytes, 1 present
        "80028bffffff7f002e", // LONG4 claiming 2 GB
        "80028effffffffffffff7f2e", // BINBYTES8 claiming 2^63 bytes
        "80038e00000080000000002e", // BINBYTES8 claiming 2 GB
        "8002427fffffff2e", // BINBYTES claiming 2 GB
        "80024effffffff2e", // N, then the unknown opcode 0xff
        "800a2e", // protocol 10
        "80024e4e73", // SETITEM with nothing under it
        "80029701", // NEXT_BUFFER
        "8002820101", // EXT1
        "8002630a", // GLOBAL without a name line
        "80024e4e52", // REDUCE calling None
        "80024e2952", // REDUCE on None with ()
        "8002295d612e", // APPEND to a tuple
        "80024e94942e" // MEMOIZE twice is fine, but then STOP leaves None: see below
    })
    void malformedPicklesFailCleanly(String h) {
        if (h.equals("80024e94942e")) {
            assertDoesNotThrow(() -> assertNull(unpickle(hex(h))));
            return;
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> unpickle(hex(h)));
        assertTrue(e.getMessage().startsWith("test.pkl: "), e.getMessage());
    }

    @Test
    void unhashableKeyIsRefused() {
        // {[]: 1}: Python refuses it, and a list key could contain itself
        byte[] p = new PickleWriter().proto(2).emptyDict().op(']').integer(1).op('s').stop().bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> unpickle(p));
        assertTrue(e.getMessage().contains("dict key"), e.getMessage());
    }

    @Test
    void selfReferentialListIsHarmless() throws CheckpointException {
        // l = []; l.append(l)
        byte[] p = new PickleWriter().proto(2).op(']').op('q', 0).op('h', 0).op('a').stop().bytes();
        List<?> l = (List<?>) unpickle(p);
        assertEquals(1, l.size());
        assertTrue(l.get(0) == l);
        assertEquals("list of 1 item", Values.describe(l));
    }
}
