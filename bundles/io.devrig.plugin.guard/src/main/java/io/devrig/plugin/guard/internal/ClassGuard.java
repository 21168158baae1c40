package io.devrig.plugin.guard.internal;

import io.devrig.plugin.guard.internal.GuardedCalls.Check;
import io.devrig.plugin.guard.internal.GuardedCalls.Guard;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites one plugin class: before every guarded JDK call it inserts a call to the
 * matching check in {@code io.devrig.plugin.guard.runtime.Checks}, with the operands that
 * decide, the plugin id, the call's name and its site as constants. The original
 * instruction stays as it was (so INVOKESPECIAL, constructors and super calls need no
 * special casing); operands the check needs are copied through fresh local slots above the
 * method's own, so the existing stack map frames stay valid and only the maxima are
 * recomputed (COMPUTE_MAXS, never COMPUTE_FRAMES: no class is loaded while weaving).
 * Method references and other method handle constants naming a guarded member are
 * redirected to a synthetic static bridge in the same class whose call is checked the same
 * way. What no check can make safe is refused while the class loads ({@link Refused}).
 */
public final class ClassGuard {

    static final String CHECKS = "io/devrig/plugin/guard/runtime/Checks";
    static final String BRIDGE_PREFIX = "devrig$guard$";

    /** A class the guard will not let load; the message names the plugin, what and where. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final String call;
        public final String site;

        Refused(String plugin, String call, String site, String what) {
            super("plugin " + plugin + " may not " + what + " (at " + site + ")");
            this.call = call;
            this.site = site;
        }
    }

    private ClassGuard() {
    }

    /**
     * The woven class, or null when it has no guarded reference (then the original bytes
     * are used unchanged).
     *
     * @throws Refused when the class may not load at all
     */
    public static byte[] weave(byte[] bytes, String plugin) {
        ClassReader reader = new ClassReader(bytes);
        if (!mayNeedWeaving(reader)) {
            return null;
        }
        ClassNode node = new ClassNode();
        reader.accept(node, 0);
        Weaving weaving = new Weaving(node, plugin);
        if (!weaving.run()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        try {
            node.accept(writer);
            return writer.toByteArray();
        } catch (org.objectweb.asm.MethodTooLargeException e) {
            throw new Refused(plugin, "weave", node.name.replace('/', '.') + "." + e.getMethodName(),
                    "load a method too large to check");
        }
    }

    /**
     * The cheap first pass: only the constant pool is read. A class needs the full pass when
     * it names a guarded member, a method that may be an inherited File method, the Unsafe
     * classes or the guard's own checks.
     */
    static boolean mayNeedWeaving(ClassReader reader) {
        char[] buffer = new char[reader.getMaxStringLength()];
        int count = reader.getItemCount();
        for (int i = 1; i < count; i++) {
            int offset = reader.getItem(i);
            if (offset == 0) {
                continue;   // second slot of a long or double
            }
            int tag = reader.readByte(offset - 1);
            if (tag == 7) {   // CONSTANT_Class
                String name = reader.readUTF8(offset, buffer);
                if (forbiddenType(name)) {
                    return true;
                }
            } else if (tag == 10 || tag == 11) {   // CONSTANT_Methodref, CONSTANT_InterfaceMethodref
                String owner = reader.readClass(offset, buffer);
                String name = reader.readUTF8(reader.getItem(reader.readUnsignedShort(offset + 2)), buffer);
                if (GuardedCalls.isGuarded(owner, name) || GuardedCalls.mayBeFileMethod(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean forbiddenType(String internalName) {
        String name = internalName.startsWith("[") ? Type.getType(internalName).getElementType().getInternalName()
                : internalName;
        return name.equals("sun/misc/Unsafe") || name.equals("jdk/internal/misc/Unsafe")
                || name.startsWith(GuardedCalls.RUNTIME_PACKAGE);
    }

    private static final class Weaving {
        private final ClassNode node;
        private final String plugin;
        private int bridges;
        private boolean changed;

        Weaving(ClassNode node, String plugin) {
            this.node = node;
            this.plugin = plugin;
        }

        boolean run() {
            for (MethodNode method : new ArrayList<>(node.methods)) {
                int line = 0;
                for (AbstractInsnNode insn : method.instructions.toArray()) {
                    if (insn instanceof LineNumberNode ln) {
                        line = ln.line;
                    } else if (insn instanceof MethodInsnNode call) {
                        forbid(call.owner, method, line);
                        Guard guard = GuardedCalls.match(call.getOpcode(), call.owner, call.name, call.desc);
                        if (guard != null) {
                            instrument(method, call, guard, site(method, line));
                        }
                    } else if (insn instanceof FieldInsnNode field) {
                        forbid(field.owner, method, line);
                    } else if (insn instanceof TypeInsnNode type) {
                        forbid(type.desc, method, line);
                    } else if (insn instanceof LdcInsnNode ldc) {
                        ldc.cst = constant(ldc.cst, method, line);
                    } else if (insn instanceof InvokeDynamicInsnNode indy) {
                        checkBootstrap(indy.bsm, method, line);
                        for (int i = 0; i < indy.bsmArgs.length; i++) {
                            indy.bsmArgs[i] = constant(indy.bsmArgs[i], method, line);
                        }
                    }
                }
            }
            return changed;
        }

        private String site(MethodNode method, int line) {
            String file = node.sourceFile != null ? node.sourceFile : "Unknown Source";
            return node.name.replace('/', '.') + "." + method.name + "(" + file + (line > 0 ? ":" + line : "") + ")";
        }

        private void forbid(String type, MethodNode method, int line) {
            if (forbiddenType(type)) {
                String what = type.startsWith(GuardedCalls.RUNTIME_PACKAGE)
                        ? "call the guard's checks itself" : "use " + type.replace('/', '.');
                throw new Refused(plugin, type.replace('/', '.'), site(method, line), what);
            }
        }

        private void checkBootstrap(Handle bsm, MethodNode method, int line) {
            forbid(bsm.getOwner(), method, line);
            if (guarded(bsm) != null) {
                throw new Refused(plugin, bsm.getName(), site(method, line),
                        "bootstrap with " + bsm.getOwner().replace('/', '.') + "." + bsm.getName());
            }
        }

        /** A loadable constant: guarded method handles become bridge handles. */
        private Object constant(Object cst, MethodNode method, int line) {
            if (cst instanceof Type type && type.getSort() == Type.OBJECT) {
                forbid(type.getInternalName(), method, line);
            } else if (cst instanceof Handle handle) {
                forbid(handle.getOwner(), method, line);
                Guard guard = guarded(handle);
                if (guard != null) {
                    return bridge(handle, guard, site(method, line));
                }
            } else if (cst instanceof ConstantDynamic condy) {
                checkBootstrap(condy.getBootstrapMethod(), method, line);
                for (int i = 0; i < condy.getBootstrapMethodArgumentCount(); i++) {
                    Object arg = condy.getBootstrapMethodArgument(i);
                    if (arg instanceof Handle h && guarded(h) != null) {
                        throw new Refused(plugin, h.getName(), site(method, line), "use a constant handle to "
                                + h.getOwner().replace('/', '.') + "." + h.getName());
                    }
                }
            }
            return cst;
        }

        private static int opcode(int tag) {
            return switch (tag) {
                case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
                case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
                case Opcodes.H_INVOKESPECIAL, Opcodes.H_NEWINVOKESPECIAL -> Opcodes.INVOKESPECIAL;
                case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
                default -> -1;   // field handles: only the Unsafe ones matter, refused by forbid
            };
        }

        private static Guard guarded(Handle h) {
            int opcode = opcode(h.getTag());
            return opcode < 0 ? null : GuardedCalls.match(opcode, h.getOwner(), h.getName(), h.getDesc());
        }

        /**
         * {@code Runtime::halt} as a method reference: a private static synthetic method
         * that makes the same call, checked like any call, and a handle to it instead.
         */
        private Handle bridge(Handle h, Guard guard, String site) {
            if ((node.access & Opcodes.ACC_INTERFACE) != 0 || h.getTag() == Opcodes.H_INVOKESPECIAL) {
                throw new Refused(plugin, guard.call(), site, "use " + guard.call() + " as a method reference here");
            }
            String desc = h.getDesc();
            String owner = "L" + h.getOwner() + ";";
            String bridgeDesc = switch (h.getTag()) {
                case Opcodes.H_INVOKESTATIC -> desc;
                case Opcodes.H_NEWINVOKESPECIAL -> desc.substring(0, desc.length() - 1) + owner;
                default -> "(" + owner + desc.substring(1);
            };
            MethodNode bridge = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                    BRIDGE_PREFIX + bridges++, bridgeDesc, null, null);
            InsnList code = bridge.instructions;
            if (h.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
                code.add(new TypeInsnNode(Opcodes.NEW, h.getOwner()));
                code.add(new InsnNode(Opcodes.DUP));
            }
            int slot = 0;
            for (Type t : Type.getArgumentTypes(bridgeDesc)) {
                code.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), slot));
                slot += t.getSize();
            }
            MethodInsnNode call = new MethodInsnNode(opcode(h.getTag()), h.getOwner(), h.getName(), desc, h.isInterface());
            code.add(call);
            code.add(new InsnNode(Type.getReturnType(bridgeDesc).getOpcode(Opcodes.IRETURN)));
            bridge.maxLocals = slot;
            instrument(bridge, call, guard, site);
            node.methods.add(bridge);
            return new Handle(Opcodes.H_INVOKESTATIC, node.name, bridge.name, bridgeDesc, false);
        }

        private void instrument(MethodNode method, MethodInsnNode call, Guard guard, String site) {
            boolean instance = call.getOpcode() != Opcodes.INVOKESTATIC && !"<init>".equals(call.name);
            List<Type> operands = new ArrayList<>();
            if (instance) {
                operands.add(Type.getObjectType(call.owner));
            }
            operands.addAll(List.of(Type.getArgumentTypes(call.desc)));
            int top = operands.size() - 1;
            boolean needed = false;
            boolean onlyTop = guard.checks().size() == 1;
            for (Check check : guard.checks()) {
                for (int op : check.operands()) {
                    if (op != Check.NONE) {
                        needed = true;
                        onlyTop &= op == top && operands.get(top).getSize() == 1;
                    }
                }
            }
            InsnList pre = new InsnList();
            if (!needed) {
                for (Check check : guard.checks()) {
                    emit(pre, check, null, guard.call(), site);
                }
            } else if (onlyTop && guard.checks().get(0).operands().length == 1) {
                pre.add(new InsnNode(Opcodes.DUP));   // the one operand the check needs is on top: check a copy
                emit(pre, guard.checks().get(0), new int[] {-2}, guard.call(), site);
            } else {
                int[] slots = new int[operands.size()];
                int next = method.maxLocals;
                for (int i = 0; i < operands.size(); i++) {
                    slots[i] = next;
                    next += operands.get(i).getSize();
                }
                for (int i = operands.size() - 1; i >= 0; i--) {
                    pre.add(new VarInsnNode(operands.get(i).getOpcode(Opcodes.ISTORE), slots[i]));
                }
                for (Check check : guard.checks()) {
                    int[] load = new int[check.operands().length];
                    for (int k = 0; k < load.length; k++) {
                        int op = check.operands()[k];
                        load[k] = op == Check.NONE || operands.get(op).getSort() < Type.ARRAY ? Check.NONE : slots[op];
                    }
                    emit(pre, check, load, guard.call(), site);
                }
                for (int i = 0; i < operands.size(); i++) {
                    pre.add(new VarInsnNode(operands.get(i).getOpcode(Opcodes.ILOAD), slots[i]));
                }
                method.maxLocals = next;
            }
            method.instructions.insertBefore(call, pre);
            changed = true;
        }

        /** slots: the local of each operand, NONE for null, -2 for "already on the stack". */
        private void emit(InsnList code, Check check, int[] slots, String call, String site) {
            for (int k = 0; k < check.operands().length; k++) {
                int slot = slots == null ? Check.NONE : slots[k];
                if (slot == -2) {
                    continue;
                }
                code.add(slot == Check.NONE ? new InsnNode(Opcodes.ACONST_NULL) : new VarInsnNode(Opcodes.ALOAD, slot));
            }
            code.add(new LdcInsnNode(plugin));
            code.add(new LdcInsnNode(call));
            code.add(new LdcInsnNode(site));
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, CHECKS, check.method(), check.descriptor(), false));
        }
    }
}
