package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"ducha/access"
	"ducha/ledger"
	"ducha/web"
)

func init() {
	register("user", "manage accounts: user add|reset|disable|enable|list", runUser)
}

// readPassword reads the password from the first line of stdin.
func readPassword(env *Env) (string, error) {
	sc := bufio.NewScanner(env.Stdin)
	if !sc.Scan() {
		return "", usageError("user: give the password on standard input (one line)")
	}
	return strings.TrimRight(sc.Text(), "\r"), nil
}

func runUser(env *Env, args []string) error {
	if len(args) == 0 {
		return usageError("user: add LOGIN --name NAME --role ROLE [--unit UNIT] | reset LOGIN | disable LOGIN | enable LOGIN | list")
	}
	op, args := args[0], args[1:]
	fs := newFlags(env, "user "+op, "LOGIN")
	db := dbFlag(fs)
	name := fs.String("name", "", "display name (add)")
	role := fs.String("role", "", "admin, supervisor, leader or reporter (add)")
	unit := fs.String("unit", "", "the reporter's unit, as in the units directory (add)")
	actorName := actorFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	ctx := context.Background()
	if op == "list" {
		if len(rest) != 0 {
			return usageError("user list: takes no arguments")
		}
		st, err := openSupervision(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		us, err := st.Users(ctx)
		if err != nil {
			return err
		}
		rows := [][]string{{"账号", "姓名", "角色", "单位", "状态"}}
		for _, u := range us {
			state := "启用"
			if u.Disabled {
				state = "停用"
			}
			rows = append(rows, []string{u.Login, u.Name, access.Role(u.Role).Label("zh"), orDash(u.Unit), state})
		}
		return writeRows(env.Stdout, rows)
	}
	if len(rest) != 1 {
		return usageError("user %s: give one LOGIN", op)
	}
	login := rest[0]
	st, err := openSupervision(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	// The audit log names the person at the terminal (or --actor), not
	// just "cli".
	actor := actorNamed(ctx, st, *actorName).Login
	switch op {
	case "add":
		if *name == "" || *role == "" {
			return usageError("user add: --name and --role are required")
		}
		pw, err := readPassword(env)
		if err != nil {
			return err
		}
		u := ledger.User{Login: login, Name: *name, Role: *role, Unit: *unit}
		if err := web.AddUser(ctx, st, u, pw, actor); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "added %s (%s)\n", login, access.Role(*role).Label("zh"))
	case "reset", "disable", "enable":
		u, err := st.UserByLogin(ctx, login)
		if err != nil {
			return err
		}
		switch op {
		case "reset":
			pw, err := readPassword(env)
			if err != nil {
				return err
			}
			if err := access.CheckPassword(pw); err != nil {
				return err
			}
			if u.PasswordHash, err = access.HashPassword(pw, access.DefaultParams); err != nil {
				return err
			}
		case "disable":
			u.Disabled = true
		case "enable":
			u.Disabled = false
		}
		if err := st.UpdateUser(ctx, u, actor); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s: %s done\n", login, op)
	default:
		return usageError("user: unknown operation %q (add, reset, disable, enable, list)", op)
	}
	return nil
}
