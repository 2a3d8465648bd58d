package dev.orbit.interop.agent;

import java.io.ByteArrayInputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import javassist.ClassPool;
import javassist.CannotCompileException;
import javassist.CtClass;
import javassist.LoaderClassPath;
import javassist.expr.ExprEditor;
import javassist.expr.NewExpr;

/**
 * Java agent for the Apache reference broker and name server: RocketMQ 4.9.7 has no bind-address setting and
 * listens on the wildcard address. The test machines allow loopback only, so this rewrites
 * {@code new InetSocketAddress(port)} into {@code new InetSocketAddress("127.0.0.1", port)} in the classes
 * that open listening sockets (the Netty remoting server, used for listenPort and the listenPort-2 VIP
 * channel, and the HA accept service). Usage: {@code -javaagent:orbit-interop-java-1.0.jar[=HOST]}; needs
 * javassist on the classpath (the broker's own dependencies include it).
 */
public final class LoopbackAgent {
    private LoopbackAgent() {
    }

    static boolean listens(String className) {
        return className.equals("org/apache/rocketmq/remoting/netty/NettyRemotingServer")
            || className.startsWith("org/apache/rocketmq/store/ha/HAService");
    }

    public static void premain(String args, Instrumentation inst) {
        final String host = args == null || args.isEmpty() ? "127.0.0.1" : args;
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                ProtectionDomain domain, byte[] bytes) {
                if (className == null || !listens(className)) {
                    return null;
                }
                try {
                    ClassPool pool = new ClassPool(true);
                    if (loader != null) {
                        pool.appendClassPath(new LoaderClassPath(loader));
                    }
                    CtClass cc = pool.makeClass(new ByteArrayInputStream(bytes));
                    final int[] rewritten = {0};
                    cc.instrument(new ExprEditor() {
                        @Override
                        public void edit(NewExpr e) throws CannotCompileException {
                            if (e.getClassName().equals("java.net.InetSocketAddress") && e.getSignature().equals("(I)V")) {
                                e.replace("$_ = new java.net.InetSocketAddress(\"" + host + "\", $1);");
                                rewritten[0]++;
                            }
                        }
                    });
                    byte[] out = cc.toBytecode();
                    cc.detach();
                    System.out.println("[loopback-agent] " + className + ": " + rewritten[0] + " listen address(es) -> " + host);
                    return out;
                } catch (Exception e) {
                    System.err.println("[loopback-agent] could not rewrite " + className + ": " + e);
                    return null;
                }
            }
        });
    }
}
