// The Node.js language host that `npm run tools` installs as pulumi-language-nodejs: the host
// built from sdk v3.52 (the newest the module proxy serves, installed beside this launcher as
// pulumi-language-nodejs-base) with the one call it lacks and the CLI v3.248 needs, RunPlugin.
//
// The CLI starts a `runtime: nodejs` policy pack (PulumiPolicy.yaml) through its language host's
// RunPlugin; the v3.52 host answers "not supported". This launcher starts the base host with the
// CLI's arguments, serves its own gRPC address, and forwards every call to the base host
// unchanged (raw frames, whatever the method), except RunPlugin, which it runs as the vendor's
// host does: `node @pulumi/pulumi/cmd/run-policy-pack <args> <pack folder>` in the pack's folder
// (run-plugin for other plugin kinds), its output streamed back and its exit code last.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// baseHost is the v3.52 host's file name, looked up next to this launcher.
const baseHost = "pulumi-language-nodejs-base"

const runPluginMethod = "/pulumirpc.LanguageRuntime/RunPlugin"

func main() {
	code, err := run()
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run() (int, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	base := filepath.Join(filepath.Dir(self), baseHost)
	child := exec.Command(base, os.Args[1:]...)
	child.Stdin, child.Stderr = os.Stdin, os.Stderr
	childOut, err := child.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := child.Start(); err != nil {
		return 0, fmt.Errorf("starting the base language host %s: %w", base, err)
	}
	exited := make(chan int, 1)
	// Like every plugin, the base host prints its port as the first line of its output.
	lines := bufio.NewReader(childOut)
	first, err := lines.ReadString('\n')
	if err != nil {
		_ = child.Wait()
		return 0, fmt.Errorf("the base language host %s printed no port: %w", base, err)
	}
	backend, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(first),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(math.MaxInt32), grpc.MaxCallSendMsgSize(math.MaxInt32)))
	if err != nil {
		return 0, err
	}
	defer backend.Close()

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	server := grpc.NewServer(
		grpc.ForceServerCodec(rawCodec{}),
		grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
			method, _ := grpc.MethodFromServerStream(stream)
			if method == runPluginMethod {
				return runPlugin(stream)
			}
			return forward(backend, method, stream)
		}),
		grpc.MaxRecvMsgSize(math.MaxInt32), grpc.MaxSendMsgSize(math.MaxInt32))
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)
	go func() { _, _ = io.Copy(os.Stdout, lines) }()
	go func() { _ = server.Serve(listener) }()
	go func() {
		_ = child.Wait()
		exited <- child.ProcessState.ExitCode()
	}()

	// The CLI interrupts the plugin's process group (this launcher and the base host alike) when
	// it is done; a signal sent to this process only is passed on.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	select {
	case code := <-exited:
		server.Stop()
		return code, nil
	case sig := <-signals:
		_ = child.Process.Signal(sig)
		server.Stop()
		<-exited
		return 0, nil
	}
}

// frame is one gRPC message as it travels: forwarded without decoding it.
type frame struct{ payload []byte }

// rawCodec passes frames through; it keeps the name "proto" so the content type is unchanged.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	f, ok := v.(*frame)
	if !ok {
		return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
	}
	return f.payload, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	f, ok := v.(*frame)
	if !ok {
		return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
	}
	f.payload = append(f.payload[:0], data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }

// forward relays one call, unary or streaming, to the base host: messages both ways, then the
// base host's headers, trailers and status.
func forward(backend *grpc.ClientConn, method string, in grpc.ServerStream) error {
	ctx, cancel := context.WithCancel(in.Context())
	defer cancel()
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		out := metadata.MD{}
		for k, v := range md {
			if !strings.HasPrefix(k, ":") && k != "content-type" && k != "user-agent" {
				out[k] = v
			}
		}
		ctx = metadata.NewOutgoingContext(ctx, out)
	}
	desc := &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}
	out, err := backend.NewStream(ctx, desc, method, grpc.ForceCodec(rawCodec{}))
	if err != nil {
		return err
	}
	// Requests: from the CLI to the base host until the CLI closes its side (a failure cancels the call).
	go func() {
		for {
			f := &frame{}
			if err := in.RecvMsg(f); err != nil {
				if errors.Is(err, io.EOF) {
					_ = out.CloseSend()
				} else {
					cancel()
				}
				return
			}
			if err := out.SendMsg(f); err != nil {
				cancel()
				return
			}
		}
	}()
	// Responses: from the base host to the CLI until the base host ends the call.
	header, err := out.Header()
	if err == nil {
		err = in.SendHeader(header)
	}
	if err != nil {
		return err
	}
	for {
		f := &frame{}
		if err := out.RecvMsg(f); err != nil {
			in.SetTrailer(out.Trailer())
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := in.SendMsg(f); err != nil {
			return err
		}
	}
}

// runPlugin starts a Node.js plugin (a policy pack, or a provider with PulumiPlugin.yaml) as the
// vendor's host does, and streams its output to the CLI, the exit code last.
func runPlugin(stream grpc.ServerStream) error {
	in := &frame{}
	if err := stream.RecvMsg(in); err != nil {
		return err
	}
	req := &pulumirpc.RunPluginRequest{}
	if err := proto.Unmarshal(in.payload, req); err != nil {
		return status.Errorf(codes.InvalidArgument, "RunPlugin: %v", err)
	}
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		return status.Error(codes.InvalidArgument, "RunPlugin: the request names no plugin folder")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return status.Errorf(codes.FailedPrecondition, "RunPlugin: node is not on PATH: %v", err)
	}
	analyzer := req.GetKind() == "analyzer"
	module := "@pulumi/pulumi/cmd/run-plugin"
	if analyzer {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	// Resolved from the plugin's folder as Node resolves it (the pack may use its project's node_modules).
	script, err := exec.Command(node, "-e", "process.stdout.write(require.resolve(process.argv[1], { paths: [process.argv[2]] }))", module, dir).Output()
	if err != nil {
		return status.Errorf(codes.FailedPrecondition,
			"RunPlugin: %s is not installed for %s (run npm install where its package.json is): %v", module, dir, err)
	}
	args := []string{}
	if opts := req.GetInfo().GetOptions().AsMap(); opts != nil {
		if nodeargs, ok := opts["nodeargs"].(string); ok {
			args = append(args, strings.Fields(nodeargs)...)
		}
	}
	args = append(args, string(script))
	// A policy pack takes the engine's address first and its folder last; other plugins the reverse.
	if analyzer {
		args = append(append(args, req.GetArgs()...), dir)
	} else {
		args = append(append(args, dir), req.GetArgs()...)
	}
	cmd := exec.CommandContext(stream.Context(), node, args...)
	cmd.Dir = req.GetPwd()
	if analyzer {
		cmd.Dir = dir
	}
	cmd.Env = req.GetEnv()
	var mu sync.Mutex
	send := func(resp *pulumirpc.RunPluginResponse) error {
		b, err := proto.Marshal(resp)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		return stream.SendMsg(&frame{b})
	}
	cmd.Stdout = writerFunc(func(p []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: append([]byte(nil), p...)}})
	})
	cmd.Stderr = writerFunc(func(p []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: append([]byte(nil), p...)}})
	})
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return status.Errorf(codes.Internal, "RunPlugin: running %s: %v", module, err)
		}
	}
	return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(cmd.ProcessState.ExitCode())}})
}

// writerFunc adapts a send to io.Writer (exec copies the child's output through it).
type writerFunc func([]byte) error

func (w writerFunc) Write(p []byte) (int, error) {
	if err := w(p); err != nil {
		return 0, err
	}
	return len(p), nil
}
